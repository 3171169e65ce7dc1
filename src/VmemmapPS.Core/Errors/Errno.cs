using System;
using System.Globalization;

namespace VmemmapPS.Core.Errors;

/// <summary>
/// The errnos the modelled kernel paths return, as the kernel returns them: negative
/// (include/uapi/asm-generic/errno-base.h, errno.h). The one table of their names.
/// </summary>
public static class Errno
{
    public const int EPERM = -1;
    public const int ENOENT = -2;
    public const int EIO = -5;
    public const int ENXIO = -6;
    public const int E2BIG = -7;
    public const int ENOMEM = -12;
    public const int EBUSY = -16;
    public const int EEXIST = -17;
    public const int ENODEV = -19;
    public const int EINVAL = -22;
    public const int ENOSPC = -28;
    public const int ERANGE = -34;
    public const int EOPNOTSUPP = -95;

    private static readonly (string Name, int Value)[] Names =
    {
        ("EPERM", EPERM),
        ("ENOENT", ENOENT),
        ("EIO", EIO),
        ("ENXIO", ENXIO),
        ("E2BIG", E2BIG),
        ("ENOMEM", ENOMEM),
        ("EBUSY", EBUSY),
        ("EEXIST", EEXIST),
        ("ENODEV", ENODEV),
        ("EINVAL", EINVAL),
        ("ENOSPC", ENOSPC),
        ("ERANGE", ERANGE),
        ("EOPNOTSUPP", EOPNOTSUPP),
    };

    /// <summary>"ENOMEM", "-ENOMEM", "-12", "12" or "0" → the negative errno (0 for success).</summary>
    public static bool TryParse(string text, out int errno)
    {
        string s = (text ?? string.Empty).Trim();
        string name = s.StartsWith("-", StringComparison.Ordinal) ? s.Substring(1) : s;
        foreach ((string n, int value) in Names)
        {
            if (string.Equals(n, name, StringComparison.OrdinalIgnoreCase))
            {
                errno = value;
                return true;
            }
        }

        if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out int number))
        {
            errno = -number;
            return true;
        }

        errno = 0;
        return false;
    }

    /// <summary>"ENOMEM" for -12 (or 12); null for 0 and for errnos outside the table.</summary>
    public static string? NameOf(int errno)
    {
        int negative = -Math.Abs(errno);
        foreach ((string n, int value) in Names)
        {
            if (value == negative)
            {
                return n;
            }
        }

        return null;
    }

    /// <summary>"-12 (ENOMEM)", or "0" for success.</summary>
    public static string Describe(int errno)
    {
        string number = errno.ToString(CultureInfo.InvariantCulture);
        string? name = NameOf(errno);
        return errno == 0 || name is null ? number : $"{number} ({name})";
    }
}
