namespace VmemmapPS.Core;

/// <summary>A hot-added System RAM resource (what Get-SystemMemory emits). A snapshot: never mutated.</summary>
public sealed class SystemMemory
{
    public string Name { get; init; } = string.Empty;

    public string Machine { get; init; } = string.Empty;

    /// <summary>"System RAM" (add_memory) or "System RAM (kmem)" (add_memory_driver_managed).</summary>
    public string ResourceName { get; init; } = string.Empty;

    /// <summary>The dax device kmem hot-added it for; empty for Add-SystemMemory.</summary>
    public string Device { get; init; } = string.Empty;

    public ulong Start { get; init; }

    public ulong Size { get; init; }

    /// <summary>Last byte, inclusive (as struct resource).</summary>
    public ulong End => Start + Size - 1;

    public int Node { get; init; }

    /// <summary>memory_block_size_bytes().</summary>
    public ulong BlockSize { get; init; }

    public ulong MemoryBlocks { get; init; }

    public ulong OnlineBlocks { get; init; }

    /// <summary>Online blocks in ZONE_MOVABLE.</summary>
    public ulong MovableBlocks { get; init; }

    /// <summary>True when every block carries its own memmap (per-block vmem_altmap).</summary>
    public bool MemmapOnMemory { get; init; }

    /// <summary>Bytes at the start of the blocks that hold their own struct pages (never in MemTotal).</summary>
    public ulong MemmapOnMemoryBytes { get; init; }

    /// <summary>Bytes of the online blocks handed to the buddy allocator (what MemTotal gained).</summary>
    public ulong ManagedBytes { get; init; }

    public override string ToString() => $"{Name} [{Units.ByteSize.Hex(Start)}-{Units.ByteSize.Hex(End)}]";
}
