namespace VmemmapPS.Core;

/// <summary>Measure-Vmemmap -SystemRam: what hot-adding and onlining this much System RAM gives and costs.</summary>
public sealed class SystemRamSizingRow
{
    public ulong Size { get; init; }

    public ulong PageSize { get; init; }

    public string KernelVersion { get; init; } = string.Empty;

    /// <summary>Whether memmap_on_memory took effect (it was asked for and the release and page size allow it).</summary>
    public bool MemmapOnMemory { get; init; }

    public ulong MemoryBlocks { get; init; }

    /// <summary>What MemTotal gains: the blocks minus the pages holding their own memmap.</summary>
    public ulong MemTotalGainBytes { get; init; }

    public ulong MemmapOnMemoryBytes { get; init; }

    /// <summary>The memmap taken from system RAM (0 with memmap_on_memory).</summary>
    public ulong VmemmapFromSystemRamBytes { get; init; }

    /// <summary>Linear-map and vmemmap page tables: always from system RAM.</summary>
    public ulong PageTableBytes { get; init; }

    /// <summary>The cost of the hot-add in system RAM: memmap from RAM plus page tables.</summary>
    public ulong SystemRamUsedBytes { get; init; }

    /// <summary>What free RAM gains once the blocks are online: MemTotalGainBytes - SystemRamUsedBytes.</summary>
    public long FreeGainBytes { get; init; }
}
