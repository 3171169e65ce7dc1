namespace VmemmapPS.Core;

/// <summary>
/// How a memory block is onlined: the words written to /sys/devices/system/memory/memoryN/state and the
/// memhp_default_state values (MMOP_OFFLINE, MMOP_ONLINE, MMOP_ONLINE_KERNEL, MMOP_ONLINE_MOVABLE).
/// </summary>
public enum OnlineType
{
    /// <summary>MMOP_OFFLINE: the block stays offline (no pages reach the buddy allocator).</summary>
    None,
    /// <summary>MMOP_ONLINE ("online"): the kernel picks the zone (contig-zones policy: ZONE_NORMAL here).</summary>
    Auto,
    /// <summary>MMOP_ONLINE_KERNEL ("online_kernel"): ZONE_NORMAL, usable by kernel allocations.</summary>
    Kernel,
    /// <summary>MMOP_ONLINE_MOVABLE ("online_movable"): ZONE_MOVABLE, never used for kernel allocations.</summary>
    Movable,
}

/// <summary>The zone of an online memory block (None while offline).</summary>
public enum MemoryZone
{
    None,
    Normal,
    Movable,
}

/// <summary>What a device range is bound to.</summary>
public enum DeviceMode
{
    /// <summary>A ZONE_DEVICE pagemap that is not a dax device (fsdax, p2pdma, device-private).</summary>
    ZoneDevice,
    /// <summary>device_dax bound: a ZONE_DEVICE pagemap (daxctl mode devdax).</summary>
    DevDax,
    /// <summary>kmem bound: the range rounded inward to memory blocks is hot-added System RAM (daxctl mode system-ram).</summary>
    SystemRam,
    /// <summary>No driver: a reconfigure failed after device_dax let go of the range.</summary>
    Disabled,
}

/// <summary>What Add-SystemMemory asks for: add_memory (or add_memory_driver_managed) of a physical range.</summary>
public sealed class SystemMemorySpec
{
    public string Name { get; init; } = string.Empty;

    public ulong Start { get; init; }

    public ulong Size { get; init; }

    public int Node { get; init; }

    /// <summary>memory_hotplug.memmap_on_memory=1 and the caller passes MHP_MEMMAP_ON_MEMORY.</summary>
    public bool MemmapOnMemory { get; init; }

    /// <summary>How to online the new blocks; null = the machine's default online type (memhp_default_state).</summary>
    public OnlineType? Online { get; init; }
}

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
