using System.Globalization;

namespace VmemmapPS.Reference;

/// <summary>Version-band comparisons for the profile names ("5.8", "5.9", "5.12", "6.6", "6.14").</summary>
public static class KernelVersions
{
    public static readonly string[] Profiles = { "5.8", "5.9", "5.12", "6.6", "6.14" };

    public static bool AtLeast(string version, int major, int minor)
    {
        string[] parts = version.Split('.');
        int ma = int.Parse(parts[0], CultureInfo.InvariantCulture);
        int mi = parts.Length > 1 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : 0;
        return ma != major ? ma > major : mi >= minor;
    }
}
