namespace VmemmapPS.Core;

/// <summary>One allocation or free in the event log (Get-SimAllocation).</summary>
public sealed class AllocationEvent
{
    public long Sequence { get; init; }

    public AllocationAction Action { get; init; }

    public AllocationSource Source { get; init; }

    public PagePurpose Purpose { get; init; }

    /// <summary>Kernel function that allocated or freed (vmemmap_alloc_block, altmap_alloc_block_buf, free_hotplug_page_range...).</summary>
    public string KernelFunction { get; init; } = string.Empty;

    public ulong PhysAddr { get; init; }

    public ulong Pages { get; init; }

    public int Order { get; init; }

    /// <summary>Device whose operation caused it; null for boot.</summary>
    public string? Device { get; init; }

    public int Node { get; init; }

    /// <summary>True when the allocation failed (fault injected or no free block).</summary>
    public bool Failed { get; init; }

    /// <summary>How many consecutive, physically contiguous, otherwise identical allocations this record coalesces.</summary>
    public long Count { get; init; } = 1;

    /// <summary>
    /// True for a summary of older events folded when the log passed its limit (SimMachine.AllocationLogLimit):
    /// their Pages and Count summed; Sequence and PhysAddr are 0. Summaries come first.
    /// </summary>
    public bool Summary { get; init; }
}
