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
    /// <summary>Get-SimKernelProfile -Name without wildcards that names no behaviour switch of the timeline.</summary>
    KernelSwitchNotFound,
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
    /// <summary>Export-SimScenario of a machine whose state its registered devices do not rebuild (what a failed or
    /// undone operation left behind): no file is written.</summary>
    ScenarioNotReproducible,

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

    // Compare-SimKernel (the real-kernel side) and the module's own files.

    /// <summary>-KernelImage names a file that does not exist.</summary>
    KernelImageNotFound,
    /// <summary>-ModulesPath names a folder that does not exist.</summary>
    ModulesPathNotFound,
    /// <summary>Debian builds no arm64 kernel for this page size (64K).</summary>
    NoDebianKernelForPageSize,
    /// <summary>Booting a real kernel needs a Linux host.</summary>
    RealKernelNeedsLinux,
    /// <summary>The guest did not boot or did not finish its steps.</summary>
    GuestBootFailed,
    /// <summary>The booted kernel's page size is not the scenario's.</summary>
    PageSizeMismatch,
    /// <summary>The module's prepare-kernel.sh is missing.</summary>
    PreparationScriptMissing,
    /// <summary>No sh to run the kernel preparation with.</summary>
    NoShell,
    /// <summary>No apt-get to fetch QEMU, dtc or the kernel package with.</summary>
    NoAptGet,
    /// <summary>QEMU, dtc or cpio is missing and cannot be installed.</summary>
    HostToolMissing,
    /// <summary>The Debian package mirror cannot be reached.</summary>
    PackageMirrorUnreachable,
    /// <summary>No Debian package matches the requested kernel.</summary>
    KernelPackageNotFound,
    /// <summary>The kernel has no ZONE_DEVICE or lacks a module the guest needs (Debian before 6.11.2).</summary>
    KernelLacksModule,
    /// <summary>The kernel Image or its modules cannot be used (not arm64, not decompressible).</summary>
    KernelImageUnusable,
    /// <summary>The kernel preparation failed for another reason (its exit code is in the message).</summary>
    KernelPreparationFailed,
    /// <summary>A host tool of the preparation (qemu, dtc, cpio) failed.</summary>
    HostToolFailed,
    /// <summary>Compare-SimKernel: a scenario outside what the QEMU guest can run (refused before anything boots).</summary>
    GuestCannotExpress,
    /// <summary>Compare-SimKernel -MemmapOnMemory without -KmemDevice.</summary>
    MemmapOnMemoryWithoutKmemDevice,
    /// <summary>Compare-SimKernel could not read or write its cache or run folder.</summary>
    RealKernelIOError,
    /// <summary>The module's host-capture script is missing (Get-SimCaptureScript).</summary>
    CaptureScriptMissing,
}
