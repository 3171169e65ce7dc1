namespace VmemmapPS.Core;

/// <summary>ZONE_DEVICE flavours of memremap_pages (enum memory_type), plus nvdimm namespaces.</summary>
public enum DeviceType
{
    /// <summary>nvdimm fsdax namespace with a PFN info block (MEMORY_DEVICE_FS_DAX).</summary>
    FsDax,
    /// <summary>nvdimm devdax namespace with a PFN info block (MEMORY_DEVICE_GENERIC, DEVDAX before v5.10).</summary>
    DevDax,
    /// <summary>Driver memory with no info block (MEMORY_DEVICE_GENERIC), e.g. a CXL expander handed to device-dax.</summary>
    Generic,
    /// <summary>PCI peer-to-peer BAR memory (MEMORY_DEVICE_PCI_P2PDMA).</summary>
    PciP2pDma,
    /// <summary>Device-private memory, e.g. GPU VRAM (MEMORY_DEVICE_PRIVATE): add_pages only, no linear map.</summary>
    Private,
}

/// <summary>Where the struct pages of a device live: nvdimm map=mem (SystemRam) or map=dev (Device, through a vmem_altmap).</summary>
public enum MemmapLocation
{
    SystemRam,
    Device,
}

public enum AllocationAction
{
    Alloc,
    Free,
}

/// <summary>Who supplied the pages of an allocation.</summary>
public enum AllocationSource
{
    /// <summary>The buddy allocator (or memblock at boot) of system RAM.</summary>
    SystemRam,
    /// <summary>altmap_alloc_block_buf: the device's own pfns.</summary>
    Altmap,
}

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

/// <summary>Which kernel VA region a table or mapping belongs to.</summary>
public enum PageTableRegion
{
    Linear,
    Vmemmap,
}
