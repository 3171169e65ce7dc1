namespace VmemmapPS.Core;

/// <summary>
/// Consecutive page-table pages that look alike (Get-SimPageTable's default row): same region, level, owner, node
/// and fill, back to back in physical memory and mapping back-to-back virtual ranges. A terabyte of page-granular
/// linear map is a handful of these instead of millions of table pages.
/// </summary>
public sealed class TablePageRun
{
    public PageTableRegion Region { get; init; }

    /// <summary>Kernel level index of the tables (0 PGD .. 3 PTE).</summary>
    public int Level { get; init; }

    public string LevelName { get; init; } = string.Empty;

    /// <summary>How many table pages the run holds.</summary>
    public ulong Tables { get; init; }

    /// <summary>Physical address of the first table page; the others follow it page by page.</summary>
    public ulong PhysAddr { get; init; }

    /// <summary>System RAM the tables take: Tables * PAGE_SIZE.</summary>
    public ulong Bytes { get; init; }

    /// <summary>First VA the first table maps.</summary>
    public ulong VirtualBase { get; init; }

    /// <summary>Bytes of VA all the tables of the run span together.</summary>
    public ulong Span { get; init; }

    /// <summary>Entries in use in each table of the run.</summary>
    public int EntriesUsed { get; init; }

    /// <summary>Entries each table has (PTRS_PER_Pxx).</summary>
    public int EntriesTotal { get; init; }

    /// <summary>True when the tables are stored as uniform runs (not expanded entry by entry).</summary>
    public bool Uniform { get; init; }

    /// <summary>Device whose operation allocated them; null for boot.</summary>
    public string? Device { get; init; }

    public int Node { get; init; }
}
