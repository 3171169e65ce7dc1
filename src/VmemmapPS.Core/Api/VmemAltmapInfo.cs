namespace VmemmapPS.Core;

/// <summary>Snapshot of a device's struct vmem_altmap (include/linux/memremap.h), counters in pfns.</summary>
public sealed class VmemAltmapInfo
{
    public string Device { get; init; } = string.Empty;

    public ulong BasePfn { get; init; }

    public ulong EndPfn { get; init; }

    public ulong Reserve { get; init; }

    public ulong Free { get; init; }

    public ulong Align { get; init; }

    public ulong Alloc { get; init; }

    /// <summary>vmem_altmap_next_pfn: base_pfn + reserve + alloc + align.</summary>
    public ulong NextPfn { get; init; }

    /// <summary>vmem_altmap_nr_free: free - (alloc + align), floored at 0.</summary>
    public ulong FreeRemaining { get; init; }

    /// <summary>vmem_altmap_offset: reserve + free.</summary>
    public ulong Offset { get; init; }
}
