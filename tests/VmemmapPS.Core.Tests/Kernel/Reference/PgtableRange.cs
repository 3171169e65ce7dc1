namespace VmemmapPS.Core.Tests.Kernel.Reference;

/// <summary>arch/arm64/mm/mmu.c pgtable_range_aligned, the floor/ceiling rule of free_empty_tables (§5.3).</summary>
internal static class PgtableRange
{
    public static bool Aligned(ulong start, ulong end, ulong floor, ulong ceiling, ulong mask)
    {
        start &= mask;
        if (start < floor)
        {
            return false;
        }

        if (ceiling != 0)
        {
            ceiling &= mask;
            if (ceiling == 0)
            {
                return false;
            }
        }

        return !(end - 1 > ceiling - 1);
    }

    /// <summary>
    /// Whether free_empty_tables may free the table (level, index) when the range [start, end) is torn down:
    /// the part of the range inside the table, rounded down to the table's span, must pass the rule.
    /// </summary>
    public static bool Freeable(RefGeometry g, int level, ulong index, ulong start, ulong end, ulong floor, ulong ceiling)
    {
        int shift = g.LevelShift(level - 1);
        ulong tableBase = index << shift;
        ulong tableLast = tableBase + ((1UL << shift) - 1);
        ulong portionStart = start > tableBase ? start : tableBase;
        ulong portionEnd = end - 1 < tableLast ? end : tableLast + 1;
        return Aligned(portionStart, portionEnd, floor, ceiling, ~((1UL << shift) - 1));
    }
}
