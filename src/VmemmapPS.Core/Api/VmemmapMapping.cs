namespace VmemmapPS.Core;

/// <summary>A run of vmemmap leaf entries with the same level, backing and owner, consecutive in VA and PA.</summary>
public sealed class VmemmapMapping
{
    public ulong VirtualAddress { get; init; }

    /// <summary>Bytes of VA covered by the run.</summary>
    public ulong Size { get; init; }

    /// <summary>Kernel level index of the leaf (1 PUD, 2 PMD, 3 PTE).</summary>
    public int Level { get; init; }

    /// <summary>"PUD", "PMD" or "PTE".</summary>
    public string LevelName { get; init; } = string.Empty;

    /// <summary>Number of leaf entries in the run.</summary>
    public ulong Entries { get; init; }

    public ulong PhysAddr { get; init; }

    public AllocationSource Backing { get; init; }

    /// <summary>Device whose populate mapped it; null for boot RAM's memmap.</summary>
    public string? Device { get; init; }

    /// <summary>First pfn whose struct page lives in this run.</summary>
    public ulong FirstPfn { get; init; }

    public ulong PfnCount { get; init; }

    /// <summary>
    /// Every entry maps the one page at PhysAddr, which the PTE before the run maps too: the tail struct pages of
    /// a compound devmap, shared instead of allocated. Its RAM is counted once, where the page was allocated.
    /// </summary>
    public bool ReusedPage { get; init; }
}
