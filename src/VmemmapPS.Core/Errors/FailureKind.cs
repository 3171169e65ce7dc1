namespace VmemmapPS.Core.Errors;

/// <summary>
/// Every way a VmemmapPS operation can fail. The name is the PowerShell error id (FullyQualifiedErrorId starts
/// with it), so names are stable; the cmdlet layer's ErrorMapping gives each one an ErrorCategory.
/// </summary>
public enum FailureKind
{
    // Input refused before any simulated state changed (SimException).

    /// <summary>Page size / VA_BITS combination that Kconfig does not allow.</summary>
    InvalidGeometry,
    /// <summary>Text that is no kernel release, or a release outside the modelled timeline range.</summary>
    UnknownKernelVersion,
    /// <summary>Machine description that cannot boot (no RAM, overlapping RAM ranges, unaligned RAM...).</summary>
    InvalidMachineConfig,
    /// <summary>A size or address that is zero, negative, overflowing or not parseable.</summary>
    InvalidSize,
    /// <summary>A device or machine name that breaks the naming rule (see <see cref="Sim.SimNames"/>).</summary>
    InvalidName,
    /// <summary>A DeviceType value that is not one of the named types (a cast integer from code or a file).</summary>
    InvalidDeviceType,
    /// <summary>Device range overlaps RAM or another device (memremap_pages: -ENXIO / -EEXIST / -ENOMEM conflict).</summary>
    DeviceMemoryOverlap,
    /// <summary>A device with that name (compared ignoring case) already exists on the machine.</summary>
    DuplicateDeviceName,
    /// <summary>No device with that name.</summary>
    DeviceNotFound,
    /// <summary>NUMA node that the machine does not have.</summary>
    NodeNotFound,
    /// <summary>Start/size not aligned as the kernel requires (check_pfn_span, memremap_compat_align, memory block).</summary>
    UnalignedRange,
    /// <summary>PFN alignment the kernel does not support (nd_pfn_supported_alignments).</summary>
    UnsupportedAlignment,
    /// <summary>The nvdimm geometry cannot fit (nd_pfn_init -ENXIO), the altmap does not fit the range (__add_pages
    /// -EINVAL), or, as a kernel failure, altmap_alloc_block_buf ran out of altmap pfns.</summary>
    AltmapTooSmall,
    /// <summary>Altmap override values that make no sense (reserve/free given alone, exceeding the range).</summary>
    InvalidAltmap,
    /// <summary>Physical range outside what arm64 can map (arch_get_mappable_range / MAX_PHYSMEM_BITS / linear map).</summary>
    OutsideMappableRange,
    /// <summary>Operation not valid for the current state (for example removing the vmemmap of a range with none).</summary>
    InvalidState,
    /// <summary>Fault-injection request that cannot be honoured.</summary>
    InvalidFaultSpec,
    /// <summary>A feature this kernel release or page size does not have (memmap_on_memory: -EOPNOTSUPP, -EINVAL, -ENOENT).</summary>
    NotSupported,
    /// <summary>A host capture file that is not in the format its tool writes, or describes a host VmemmapPS cannot
    /// simulate (not arm64).</summary>
    InvalidCapture,
    /// <summary>A host capture folder, tarball or piece that does not exist.</summary>
    CaptureNotFound,

    // Simulated kernel failures after state changed (a failed HotplugResult, never thrown).

    /// <summary>section_activate found the sub-sections already active (-EEXIST).</summary>
    SubsectionConflict,
    /// <summary>A page-table page could not be allocated (__pgd_pgtable_alloc, -ENOMEM; the kernel BUG()s).</summary>
    PageTableAllocationFailed,
    /// <summary>vmemmap_alloc_block found no system RAM for struct pages (-ENOMEM).</summary>
    VmemmapAllocationFailed,
    /// <summary>A memory block still holds pages in use and cannot be offlined (offline_pages, -EBUSY), or is online
    /// and cannot be removed (try_remove_memory, -EBUSY).</summary>
    MemoryBlockBusy,
    /// <summary>Any other hot-add failure (-EINVAL from __add_pages or sparse_add_section; -ENOMEM from create_memory_block_devices).</summary>
    HotplugFailed,

    // The session and scenario files (cmdlet layer).

    /// <summary>A physical address that is not system RAM of the machine (Get-SimPageOwner -PhysAddr).</summary>
    NotSystemRam,
    /// <summary>A machine name this session does not have.</summary>
    MachineNotFound,
    /// <summary>New-SimMachine with a name another machine of the session has (without -Force).</summary>
    MachineNameInUse,
    /// <summary>A -Name/-Device wildcard pattern that cannot be parsed ('pmem[').</summary>
    InvalidWildcardPattern,
    /// <summary>A scenario path that does not exist.</summary>
    ScenarioFileNotFound,
    /// <summary>A scenario file that exists but cannot be read.</summary>
    ScenarioFileUnreadable,
    /// <summary>Broken YAML.</summary>
    ScenarioParseFailed,
    /// <summary>YAML that does not describe a valid scenario.</summary>
    ScenarioValidationFailed,
    /// <summary>Export-SimScenario -NoClobber onto an existing file.</summary>
    ScenarioFileExists,
    /// <summary>Export-SimScenario could not write the file.</summary>
    ScenarioFileWriteFailed,

    // Export-SimReport.

    /// <summary>Pipeline input the report cannot draw (it is skipped).</summary>
    ReportInputUnsupported,
    /// <summary>No usable input at all: no file is written.</summary>
    ReportInputEmpty,
    /// <summary>Export-SimReport -NoClobber onto an existing file.</summary>
    ReportFileExists,
    /// <summary>Export-SimReport could not write the file.</summary>
    ReportFileWriteFailed,
    /// <summary>The module's report folder (page script, styles, vendored chart libraries) is missing.</summary>
    ReportAssetsMissing,
}
