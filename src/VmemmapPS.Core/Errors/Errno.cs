using System;
using System.Collections.Generic;

namespace VmemmapPS.Core.Scenarios.Expectations;

/// <summary>The errno names hotplug paths return (include/uapi/asm-generic/errno-base.h, errno.h).</summary>
internal static class Errno
{
    private static readonly KeyValuePair<string, int>[] Names =
    {
        new("EPERM", 1),
        new("ENOENT", 2),
        new("EIO", 5),
        new("ENXIO", 6),
        new("E2BIG", 7),
        new("ENOMEM", 12),
        new("EBUSY", 16),
        new("EEXIST", 17),
        new("ENODEV", 19),
        new("EINVAL", 22),
        new("ENOSPC", 28),
        new("ERANGE", 34),
        new("EOPNOTSUPP", 95),
    };

    /// <summary>"ENOMEM", "-ENOMEM", "-12", "12" or "0" → the negative errno (0 for success).</summary>
    public static bool TryParse(string text, out int errno)
    {
        string s = text.Trim();
        string name = s.StartsWith("-", StringComparison.Ordinal) ? s.Substring(1) : s;
        foreach (KeyValuePair<string, int> n in Names)
        {
            if (string.Equals(n.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                errno = -n.Value;
                return true;
            }
        }

        if (int.TryParse(name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int number))
        {
            errno = -number;
            return true;
        }

        errno = 0;
        return false;
    }

    public static string? NameOf(int errno)
    {
        int positive = Math.Abs(errno);
        foreach (KeyValuePair<string, int> n in Names)
        {
            if (n.Value == positive)
            {
                return n.Key;
            }
        }

        return null;
    }

    /// <summary>"-12 (ENOMEM)", or "0" for success.</summary>
    public static string Describe(int errno)
    {
        string number = errno.ToString(System.Globalization.CultureInfo.InvariantCulture);
        string? name = NameOf(errno);
        return errno == 0 || name is null ? number : $"{number} ({name})";
    }
}
