namespace VmemmapPS.Core.Sim;

/// <summary>The errnos the modelled paths return (include/uapi/asm-generic/errno-base.h).</summary>
internal static class Errno
{
    public const int ENXIO = -6;
    public const int ENOMEM = -12;
    public const int EEXIST = -17;
    public const int EINVAL = -22;
    public const int E2BIG = -7;
    public const int ERANGE = -34;
    public const int ENOENT = -2;
    public const int EBUSY = -16;
    public const int EOPNOTSUPP = -95;

    public static string? Name(int errno) => errno switch
    {
        0 => null,
        ENXIO => "ENXIO",
        ENOMEM => "ENOMEM",
        EEXIST => "EEXIST",
        EINVAL => "EINVAL",
        E2BIG => "E2BIG",
        ERANGE => "ERANGE",
        ENOENT => "ENOENT",
        EBUSY => "EBUSY",
        EOPNOTSUPP => "EOPNOTSUPP",
        _ => "E" + (-errno).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
