namespace VmemmapPS.Core;

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
