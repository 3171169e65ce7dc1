namespace VmemmapPS.Core;

/// <summary>Where an injected failure strikes (Add-SimFault -Site).</summary>
public enum FaultSite
{
    /// <summary>A buddy allocation of system RAM, like fail_page_alloc (Nth counts allocations).</summary>
    PageAlloc,

    /// <summary>
    /// create_memory_block_devices: init_memory_block's kzalloc or device registration of one memory block fails
    /// with -ENOMEM (Nth counts memory block devices; Order does not apply).
    /// </summary>
    MemoryBlockDevice,
}
