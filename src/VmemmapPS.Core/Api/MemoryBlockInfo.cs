namespace VmemmapPS.Core;

/// <summary>A run of consecutive memory blocks in the same state (Get-MemoryBlock); memoryN is FirstBlock.</summary>
public sealed class MemoryBlockInfo
{
    public string Machine { get; init; } = string.Empty;

    /// <summary>The System RAM resource (Add-SystemMemory name, or the dax device for kmem).</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>Block id of the first block: phys_index, the N of /sys/devices/system/memory/memoryN.</summary>
    public ulong FirstBlock { get; init; }

    public ulong Blocks { get; init; }

    public ulong Start { get; init; }

    public ulong Size { get; init; }

    /// <summary>"online" or "offline", as the state attribute reads.</summary>
    public string State { get; init; } = string.Empty;

    public MemoryZone Zone { get; init; }

    public int Node { get; init; }

    /// <summary>Pages at the start of each block holding that block's memmap (mem->altmap->free).</summary>
    public ulong MemmapOnMemoryPages { get; init; }

    /// <summary>Pages of the run handed to the buddy allocator (0 while offline).</summary>
    public ulong ManagedPages { get; init; }
}
