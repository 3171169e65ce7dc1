namespace VmemmapPS.Core;

/// <summary>Who holds a run of system RAM pages and why (Get-SimPageOwner): every RAM page has exactly one.</summary>
public sealed class PageOwnerInfo
{
    public ulong PhysAddr { get; init; }

    public ulong Pages { get; init; }

    public ulong Bytes { get; init; }

    public PagePurpose Purpose { get; init; }

    /// <summary>Device whose operation allocated the pages; null for boot (and for free pages).</summary>
    public string? Device { get; init; }

    /// <summary>Kernel function that allocated them (memblock_reserve, vmemmap_alloc_block, __pgd_pgtable_alloc ...).</summary>
    public string? KernelFunction { get; init; }

    public int Node { get; init; }

    /// <summary>PageReserved: memblock (boot) allocations, which free_pages refuses.</summary>
    public bool Reserved { get; init; }
}
