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
