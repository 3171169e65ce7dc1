using System;
using System.Collections.Generic;
using System.Globalization;

namespace VmemmapPS.Core.Capture;

/// <summary>
/// Reads /proc/iomem as r_show (kernel/resource.c) prints it: "%*s%0*llx-%0*llx : %s", two spaces of indent per
/// level of the resource tree. Without CAP_SYS_ADMIN the kernel prints every address as zero.
/// </summary>
public static class IomemParser
{
    public static IReadOnlyList<IomemResource> Parse(CaptureFile file)
    {
        var resources = new List<IomemResource>();
        string[] lines = file.Text.Replace("\r\n", "\n").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string raw = lines[i];
            if (raw.Trim().Length == 0)
            {
                continue;
            }

            int indent = raw.Length - raw.TrimStart(' ').Length;
            string line = raw.Trim();
            int colon = line.IndexOf(" : ", StringComparison.Ordinal);
            int dash = line.IndexOf('-');
            if (colon < 0 || dash < 0 || dash > colon)
            {
                throw CaptureFormat.Error(file, i + 1, $"'{line}' is not an iomem line ('start-end : name').");
            }

            if (!TryHex(line.Substring(0, dash), out ulong start) || !TryHex(line.Substring(dash + 1, colon - dash - 1), out ulong end) || end < start)
            {
                throw CaptureFormat.Error(file, i + 1, $"'{line}' does not start with a hexadecimal range.");
            }

            resources.Add(new IomemResource(start, end, line.Substring(colon + 3).Trim(), indent / 2, i + 1));
        }

        return resources;
    }

    /// <summary>True when every range reads 0-0: the file was read without root and says nothing about addresses.</summary>
    public static bool AddressesHidden(IReadOnlyList<IomemResource> resources)
    {
        if (resources.Count == 0)
        {
            return false;
        }

        foreach (IomemResource r in resources)
        {
            if (r.Start != 0 || r.End != 0)
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryHex(string text, out ulong value) =>
        ulong.TryParse(text.Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
}
