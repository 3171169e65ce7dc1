namespace VmemmapPS.Core;

/// <summary>Who supplied the pages of an allocation.</summary>
public enum AllocationSource
{
    /// <summary>The buddy allocator (or memblock at boot) of system RAM.</summary>
    SystemRam,
    /// <summary>altmap_alloc_block_buf: the device's own pfns.</summary>
    Altmap,
}
