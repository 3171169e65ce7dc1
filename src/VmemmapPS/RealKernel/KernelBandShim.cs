using System;
using System.Text.RegularExpressions;
using VmemmapPS.Core.Versions;
using VmemmapPS.Core.Errors;

namespace VmemmapPS.RealKernel;

/// <summary>
/// TEMPORARY until kernel releases such as "6.12.117+deb12-arm64" resolve in the simulator itself: picks the
/// nearest behaviour band for a release the simulator does not know. 6.12.20+ carries the d4234d131b0a backport
/// (sub-section vmemmap at page level), which the 6.14 band has; earlier 6.9+ releases are closest to 6.6.
/// Remove this file once KernelProfile resolves full releases.
/// </summary>
internal static class KernelBandShim
{
    private static readonly Regex Release = new(@"^(\d+)\.(\d+)(?:\.(\d+))?", RegexOptions.CultureInvariant);

    public static string Resolve(string release, out bool shimmed)
    {
        shimmed = false;
        try
        {
            return KernelProfile.Get(release).Version;
        }
        catch (SimException e) when (e.Kind == FailureKind.UnknownKernelVersion)
        {
            Match m = Release.Match(release);
            if (!m.Success)
            {
                throw;
            }

            var v = new Version(int.Parse(m.Groups[1].Value), int.Parse(m.Groups[2].Value), m.Groups[3].Success ? int.Parse(m.Groups[3].Value) : 0);
            shimmed = true;
            if (v >= new Version(6, 14) || (v.Major == 6 && v.Minor == 12 && v.Build >= 20))
            {
                return "6.14";
            }

            if (v >= new Version(6, 4)) return "6.6";
            if (v >= new Version(5, 12)) return "5.12";
            if (v >= new Version(5, 9)) return "5.9";
            return "5.8";
        }
    }
}
