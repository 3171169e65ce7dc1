using System;

namespace VmemmapPS.Reference;

/// <summary>
/// The floor/ceiling rule free_empty_tables applies before it frees a table (arch/arm64/mm/mmu.c
/// pgtable_range_aligned), stated from its meaning rather than transcribed: the torn-down range, widened down to
/// whole table spans at its start, must lie inside [floor, ceiling), where the ceiling is rounded down to whole
/// spans and a ceiling of 0 stands for the top of the 64-bit address space (as does an end of 0).
/// </summary>
public static class PgtableRange
{
    private static readonly UInt128 TopOfAddressSpace = (UInt128)1 << 64;

    public static bool Aligned(ulong start, ulong end, ulong floor, ulong ceiling, ulong mask)
    {
        UInt128 limit = ceiling == 0 ? TopOfAddressSpace : ceiling & mask;
        UInt128 last = end == 0 ? TopOfAddressSpace : end;
        return (start & mask) >= floor && last <= limit;
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
