namespace VmemmapPS.Core.Sim;

/// <summary>
/// Count consecutive table pages of one level (PA Pa0, Pa0+PAGE, ...), table k mapping Va0 + k*(one table's
/// span) entry by entry to LeafPa0 + k*(one table's span): what a page-granular linear map of a large range
/// leaves behind (PTE tables, Level 3), or the PMD tables of a large vmemmap backed by an altmap (Level 2, every
/// entry a PMD block). Each is a full uniform table; one object stands for all of them until one is touched,
/// then that one is split off as a TablePage. Cleared = unmap_hotplug_range has cleared every entry (the pages
/// are still tables, waiting for free_empty_tables).
/// </summary>
internal sealed class TableSpan
{
    public ulong Pa0 { get; set; }
    public ulong Count { get; set; }
    public ulong Va0 { get; set; }
    public ulong LeafPa0 { get; set; }
    public bool Cleared { get; set; }
    public string? Device { get; init; }
    public int Node { get; init; }

    /// <summary>The level of the tables: 3 (PTE tables, entries map pages) or 2 (PMD tables, entries map PMD blocks).</summary>
    public int Level { get; init; } = 3;

    public PageTableRegion Region { get; init; } = PageTableRegion.Linear;

    public TableSpan Slice(ulong first, ulong count, ulong pageSize, ulong tableSpan) => new()
    {
        Pa0 = Pa0 + first * pageSize,
        Count = count,
        Va0 = Va0 + first * tableSpan,
        LeafPa0 = LeafPa0 + first * tableSpan,
        Cleared = Cleared,
        Device = Device,
        Node = Node,
        Level = Level,
        Region = Region,
    };

    public TableSpan Clone() => (TableSpan)MemberwiseClone();
}
