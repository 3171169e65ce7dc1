namespace VmemmapPS.Core.Arch.Arm64;

/// <summary>Kernel names of the hardware levels (level 3 = PTE ... level 0 = P4D/PGD, level -1 = PGD with LPA2).</summary>
internal static class PageTableLevelNames
{
    public static string Of(int level) => level switch
    {
        3 => "PTE",
        2 => "PMD",
        1 => "PUD",
        0 => "P4D",
        _ => "PGD",
    };
}
