namespace VmemmapPS.Core.Sim;

/// <summary>
/// Count consecutive PTE table pages (PA Pa0, Pa0+PAGE, ...), table k mapping Va0 + k*PMD_SIZE page by page to
/// LeafPa0 + k*PMD_SIZE: what a page-granular linear map of a large range leaves behind. Each is a full uniform
/// table; one object stands for all of them until one is touched, then that one is split off as a TablePage.
/// Cleared = unmap_hotplug_range has cleared every entry (the pages are still tables, waiting for free_empty_tables).
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

    public TableSpan Slice(ulong first, ulong count, ulong pageSize, ulong tableSpan) => new()
    {
        Pa0 = Pa0 + first * pageSize,
        Count = count,
        Va0 = Va0 + first * tableSpan,
        LeafPa0 = LeafPa0 + first * tableSpan,
        Cleared = Cleared,
        Device = Device,
        Node = Node,
    };

    public TableSpan Clone() => (TableSpan)MemberwiseClone();
}
