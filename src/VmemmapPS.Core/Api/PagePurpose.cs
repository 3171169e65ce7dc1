namespace VmemmapPS.Core;

/// <summary>What a page is used for. Every system RAM page has exactly one.</summary>
public enum PagePurpose
{
    /// <summary>On a buddy free list.</summary>
    Free,
    /// <summary>Kernel image, firmware and everything the simulator does not model in detail.</summary>
    KernelReserved,
    /// <summary>struct pages (the memmap itself).</summary>
    VmemmapData,
    /// <summary>Page-table page of the vmemmap region.</summary>
    VmemmapTable,
    /// <summary>Page-table page of the linear map.</summary>
    LinearMapTable,
    /// <summary>mem_section_usage / other small metadata (counted, not modelled per byte).</summary>
    SectionMetadata,
    /// <summary>Device pfns skipped by altmap alignment padding (device side only).</summary>
    AltmapPadding,
}
