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
