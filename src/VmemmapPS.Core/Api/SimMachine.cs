using System;
using System.Collections.Generic;

namespace VmemmapPS.Core;

/// <summary>
/// The simulated arm64 machine: boot, hot-add/remove device memory, observe. This is the facade the
/// cmdlets and the scenario runner use; the kernel-mirroring code behind it is internal.
/// Contract:
/// - Bad input throws <see cref="Errors.SimException"/> and leaves the machine exactly as it was.
/// - Kernel failures after state changed come back as a failed <see cref="HotplugResult"/>.
/// - Cost grows with page-table entries touched, never with simulated bytes.
/// - Deterministic: same calls, same state, same output.
/// </summary>
public sealed class SimMachine
{
    private SimMachine()
    {
        throw new NotImplementedException();
    }

    /// <summary>Boot: memblock RAM, linear map of RAM, vmemmap of the early sections.</summary>
    public static SimMachine Boot(MachineConfig config, IProgress<SimProgress>? progress = null) => throw new NotImplementedException();

    public string Name => throw new NotImplementedException();

    /// <summary>The config it was booted with (normalised: VaBits and Nodes filled in).</summary>
    public MachineConfig Config => throw new NotImplementedException();

    public Arm64Geometry Geometry => throw new NotImplementedException();

    public KernelProfile Profile => throw new NotImplementedException();

    public ulong PageSize => throw new NotImplementedException();

    public int VaBits => throw new NotImplementedException();

    public string KernelVersion => throw new NotImplementedException();

    public bool RodataFull => throw new NotImplementedException();

    public ulong SystemRamTotalBytes => throw new NotImplementedException();

    public ulong SystemRamFreeBytes => throw new NotImplementedException();

    /// <summary>Free system RAM right after boot (the baseline the invariant checker compares with).</summary>
    public ulong BaselineFreeBytes => throw new NotImplementedException();

    /// <summary>Devices currently registered (successfully added and not removed), in add order.</summary>
    public IReadOnlyList<DeviceMemory> Devices => throw new NotImplementedException();

    /// <summary>Validate a spec against this machine and compute its geometry without changing anything.
    /// Throws SimException for anything the add would refuse before touching state.</summary>
    public DeviceMemory PreviewDevice(DeviceSpec spec) => throw new NotImplementedException();

    /// <summary>memremap_pages (or add_pages for Private). Throws SimException for refused input.</summary>
    public HotplugResult AddDevice(DeviceSpec spec, IProgress<SimProgress>? progress = null) => throw new NotImplementedException();

    /// <summary>memunmap_pages. Throws SimException (DeviceNotFound) for an unknown name.</summary>
    public HotplugResult RemoveDevice(string name, IProgress<SimProgress>? progress = null) => throw new NotImplementedException();

    /// <summary>Tear down the vmemmap of a physical range (section_deactivate/vmemmap_free) while the device
    /// stays registered. device = null: the altmap is NULL; otherwise that device's altmap (if any) is passed.</summary>
    public HotplugResult RemoveVmemmap(ulong physStart, ulong size, string? device) => throw new NotImplementedException();

    public VmemAltmapInfo? GetAltmap(string device) => throw new NotImplementedException();

    public IReadOnlyList<VmemAltmapInfo> GetAltmaps() => throw new NotImplementedException();

    /// <summary>Per-device usage rows followed by a "(total)" row.</summary>
    public IReadOnlyList<UsageRow> MeasureUsage() => throw new NotImplementedException();

    /// <summary>Leaf mappings of the vmemmap as coalesced runs, ordered by VA, optionally filtered.</summary>
    public IReadOnlyList<VmemmapMapping> GetVmemmapMappings(string? device = null, ulong? startVa = null, ulong? endVa = null)
        => throw new NotImplementedException();

    public IReadOnlyList<TablePageInfo> GetTablePages(PageTableRegion? region = null, int? level = null) => throw new NotImplementedException();

    /// <summary>Walk the kernel page tables: PA for a VA, or null when unmapped.</summary>
    public ulong? TranslateVirtual(ulong va) => throw new NotImplementedException();

    /// <summary>Text in the style of /sys/kernel/debug/kernel_page_tables for the linear map and vmemmap.</summary>
    public string DumpPageTables() => throw new NotImplementedException();

    public IReadOnlyList<AllocationEvent> Allocations => throw new NotImplementedException();

    public IReadOnlyList<KernelWarning> Warnings => throw new NotImplementedException();

    /// <summary>Run the invariant checker; empty list = all invariants hold.</summary>
    public IReadOnlyList<InvariantFinding> CheckInvariants() => throw new NotImplementedException();

    /// <summary>Arm a fault on system RAM allocations. Throws SimException (InvalidFaultSpec) for bad values.</summary>
    public void InjectFailure(FaultSpec fault) => throw new NotImplementedException();

    /// <summary>Deep copy (for -WhatIf -PassThru and for what-if comparisons).</summary>
    public SimMachine Clone() => throw new NotImplementedException();

    public override string ToString() => Name;
}
