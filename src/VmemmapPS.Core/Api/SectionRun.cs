namespace VmemmapPS.Core;

/// <summary>
/// Consecutive subsections of mem_section in one state: which parts of physical memory have a memmap, since when
/// (boot or hot-add) and for which device. Runs, not subsections, so a 16 TiB machine stays a handful of rows.
/// </summary>
public sealed class SectionRun
{
    public ulong PhysAddr { get; init; }

    public ulong Size { get; init; }

    public ulong FirstSection { get; init; }

    public ulong LastSection { get; init; }

    /// <summary>The subsections' bits are set in ms->usage->subsection_map: their struct pages are populated.</summary>
    public bool Populated { get; init; }

    /// <summary>SECTION_IS_EARLY: the section came up at boot with a memblock memmap.</summary>
    public bool Early { get; init; }

    /// <summary>Device whose sparse_add_section last activated subsections of the section; null for boot.</summary>
    public string? Owner { get; init; }

    public int Node { get; init; }
}
