namespace VmemmapPS.Core;

/// <summary>One page-table page (Get-SimPageTable).</summary>
public sealed class TablePageInfo
{
    public PageTableRegion Region { get; init; }

    /// <summary>Kernel level index of the table (0 PGD .. 3 PTE).</summary>
    public int Level { get; init; }

    public string LevelName { get; init; } = string.Empty;

    public ulong PhysAddr { get; init; }

    /// <summary>First VA the table maps.</summary>
    public ulong VirtualBase { get; init; }

    /// <summary>Bytes of VA the whole table spans.</summary>
    public ulong Span { get; init; }

    public int EntriesUsed { get; init; }

    public int EntriesTotal { get; init; }

    /// <summary>True when stored as one uniform run (not expanded).</summary>
    public bool Uniform { get; init; }

    /// <summary>Device whose operation allocated it; null for boot.</summary>
    public string? Device { get; init; }

    public int Node { get; init; }
}
