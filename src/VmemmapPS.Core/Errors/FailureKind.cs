namespace VmemmapPS.Core.Errors;

/// <summary>
/// Why the simulator refused an input before touching any state. The cmdlet layer maps each code to a
/// stable PowerShell error id and ErrorCategory (VmemmapPS ErrorMapping); keep names stable.
/// </summary>
public enum SimErrorCode
{
    /// <summary>Page size / VA_BITS combination that Kconfig does not allow.</summary>
    InvalidGeometry,
    /// <summary>Kernel profile name that is not one of the modelled bands.</summary>
    UnknownKernelVersion,
    /// <summary>Machine description that cannot boot (no RAM, overlapping RAM ranges, unaligned RAM...).</summary>
    InvalidMachineConfig,
    /// <summary>A size or address that is zero, negative, overflowing or not parseable.</summary>
    InvalidSize,
    /// <summary>Device range overlaps RAM or another device (memremap_pages: -ENXIO / -EEXIST / -ENOMEM conflict).</summary>
    DeviceMemoryOverlap,
    /// <summary>A device with that name already exists on the machine.</summary>
    DuplicateDeviceName,
    /// <summary>No device with that name.</summary>
    DeviceNotFound,
    /// <summary>NUMA node that the machine does not have.</summary>
    NodeNotFound,
    /// <summary>Start/size not aligned as the kernel requires (check_pfn_span, memremap_compat_align, memory block).</summary>
    UnalignedRange,
    /// <summary>PFN alignment the kernel does not support (nd_pfn_supported_alignments).</summary>
    UnsupportedAlignment,
    /// <summary>The nvdimm geometry cannot fit (nd_pfn_init -ENXIO) or the altmap does not fit the range (__add_pages -EINVAL).</summary>
    AltmapTooSmall,
    /// <summary>Altmap override values that make no sense (reserve/free given alone, exceeding the range).</summary>
    InvalidAltmap,
    /// <summary>Physical range outside what arm64 can map (arch_get_mappable_range / MAX_PHYSMEM_BITS / linear map).</summary>
    OutsideMappableRange,
    /// <summary>Operation not valid for the current state (for example removing the vmemmap of a range with none).</summary>
    InvalidState,
    /// <summary>Fault-injection request that cannot be honoured.</summary>
    InvalidFaultSpec,
}
