using System;

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

/// <summary>A kernel WARN_ON / WARN_ONCE / pr_warn that the simulated path hit (Get-SimWarning).</summary>
public sealed class KernelWarning
{
    public long Sequence { get; init; }

    /// <summary>Kernel function containing the check, e.g. "unmap_hotplug_pmd_range".</summary>
    public string Function { get; init; } = string.Empty;

    /// <summary>The condition as the kernel spells it, e.g. "!free_mapped && altmap".</summary>
    public string Condition { get; init; } = string.Empty;

    public ulong Address { get; init; }

    public string? Device { get; init; }

    public string Message { get; init; } = string.Empty;

    /// <summary>
    /// Hits this record stands for: consecutive hits of the same check for the same device (one per PTE or PMD of
    /// a range, say) are stored once; Address and Message are those of the first.
    /// </summary>
    public long Count { get; init; } = 1;
}

/// <summary>One row of Measure-Vmemmap on a machine: per device, plus a total row with Device = "(total)".</summary>
public sealed class UsageRow
{
    public string Device { get; init; } = string.Empty;

    public ulong VmemmapBytes { get; init; }

    public ulong VmemmapFromAltmapBytes { get; init; }

    public ulong VmemmapFromSystemRamBytes { get; init; }

    public ulong VmemmapPageTableBytes { get; init; }

    public ulong LinearMapPageTableBytes { get; init; }

    /// <summary>VmemmapFromSystemRamBytes + VmemmapPageTableBytes + LinearMapPageTableBytes.</summary>
    public ulong SystemRamUsedBytes { get; init; }

    /// <summary>Machine's free system RAM (the same on every row).</summary>
    public ulong SystemRamFreeBytes { get; init; }

    public ulong AltmapAllocPages { get; init; }

    public ulong AltmapAlignPages { get; init; }

    public ulong AltmapFreePages { get; init; }

    /// <summary>Hot-added System RAM: bytes at the start of its memory blocks holding their own memmap (not in MemTotal).</summary>
    public ulong MemmapOnMemoryBytes { get; init; }

    /// <summary>
    /// Compound devmaps: vmemmap bytes whose PTEs map a reused tail page instead of a page of their own, i.e. the
    /// memmap RAM the optimisation saves (not in VmemmapBytes, which counts pages that exist).
    /// </summary>
    public ulong VmemmapReusedBytes { get; init; }
}

/// <summary>Measure-Vmemmap without a machine: what a namespace of this size costs.</summary>
public sealed class SizingRow
{
    public ulong Size { get; init; }

    public ulong PageSize { get; init; }

    public string KernelVersion { get; init; } = string.Empty;

    public MemmapLocation MemmapLocation { get; init; }

    public ulong Align { get; init; }

    public ulong VmemmapBytes { get; init; }

    public ulong AltmapReservePages { get; init; }

    public ulong AltmapFreePages { get; init; }

    public ulong UsableBytes { get; init; }

    public ulong VmemmapPageTablePages { get; init; }

    public ulong VmemmapPageTableBytes { get; init; }

    public ulong LinearMapPageTableBytes { get; init; }

    public ulong SystemRamUsedBytes { get; init; }

    /// <summary>struct pages taken from system RAM (map=mem), as in the machine's usage row.</summary>
    public ulong VmemmapFromSystemRamBytes { get; init; }

    /// <summary>struct pages stored on the device through its vmem_altmap (map=dev).</summary>
    public ulong VmemmapFromAltmapBytes { get; init; }

    /// <summary>Vmemmap plus linear-map page-table bytes (always system RAM).</summary>
    public ulong PageTableBytes => VmemmapPageTableBytes + LinearMapPageTableBytes;

    /// <summary>SystemRamUsedBytes as a percentage of Size.</summary>
    public double SystemRamPercent => Size == 0 ? 0 : Math.Round(SystemRamUsedBytes * 100.0 / Size, 4);

    /// <summary>Device capacity not usable as data (info block, memmap on the device, alignment) as a percentage of Size.</summary>
    public double DevicePercent => Size == 0 ? 0 : Math.Round((Size - UsableBytes) * 100.0 / Size, 4);
}

/// <summary>A run of vmemmap leaf entries with the same level, backing and owner, consecutive in VA and PA.</summary>
public sealed class VmemmapMapping
{
    public ulong VirtualAddress { get; init; }

    /// <summary>Bytes of VA covered by the run.</summary>
    public ulong Size { get; init; }

    /// <summary>Kernel level index of the leaf (1 PUD, 2 PMD, 3 PTE).</summary>
    public int Level { get; init; }

    /// <summary>"PUD", "PMD" or "PTE".</summary>
    public string LevelName { get; init; } = string.Empty;

    /// <summary>Number of leaf entries in the run.</summary>
    public ulong Entries { get; init; }

    public ulong PhysAddr { get; init; }

    public AllocationSource Backing { get; init; }

    /// <summary>Device whose populate mapped it; null for boot RAM's memmap.</summary>
    public string? Device { get; init; }

    /// <summary>First pfn whose struct page lives in this run.</summary>
    public ulong FirstPfn { get; init; }

    public ulong PfnCount { get; init; }

    /// <summary>
    /// Every entry maps the one page at PhysAddr, which the PTE before the run maps too: the tail struct pages of
    /// a compound devmap, shared instead of allocated. Its RAM is counted once, where the page was allocated.
    /// </summary>
    public bool ReusedPage { get; init; }
}

/// <summary>One page-table page (Get-SimPageTable).</summary>
public sealed class TablePageInfo
{
    public PageTableRegion Region { get; init; }

    /// <summary>Kernel level index of the table (0 PGD .. 3 PTE).</summary>
    public int Level { get; init; }

    public string LevelName { get; init; } = string.Empty;

    public ulong PhysAddr { get; init; }

    /// <summary>First VA the table maps.</summary>
    public ulong VirtualBase { get; init; }

    /// <summary>Bytes of VA the whole table spans.</summary>
    public ulong Span { get; init; }

    public int EntriesUsed { get; init; }

    public int EntriesTotal { get; init; }

    /// <summary>True when stored as one uniform run (not expanded).</summary>
    public bool Uniform { get; init; }

    /// <summary>Device whose operation allocated it; null for boot.</summary>
    public string? Device { get; init; }

    public int Node { get; init; }
}

/// <summary>One finding of the invariant checker.</summary>
public sealed class InvariantFinding
{
    /// <summary>Check name: MemmapMapped, SingleOwner, Accounting, Baseline, AltmapBalance...</summary>
    public string Check { get; init; } = string.Empty;

    public string Message { get; init; } = string.Empty;

    public ulong Address { get; init; }

    public string? Device { get; init; }
}

/// <summary>A fault to inject into system RAM allocations.</summary>
public sealed class FaultSpec
{
    /// <summary>Fail the Nth matching system RAM allocation from now (1 = the next one).</summary>
    public long Nth { get; init; } = 1;

    /// <summary>Only count allocations of this order (null = any order).</summary>
    public int? Order { get; init; }

    /// <summary>How many consecutive matching allocations fail, starting with the Nth.</summary>
    public long Count { get; init; } = 1;
}

/// <summary>Progress report for long operations.</summary>
public sealed class SimProgress
{
    public string Activity { get; init; } = string.Empty;

    public string Status { get; init; } = string.Empty;

    public long Current { get; init; }

    public long Total { get; init; }
}
