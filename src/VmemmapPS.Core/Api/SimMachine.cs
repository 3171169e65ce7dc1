using System;
using System.Collections.Generic;
using System.Linq;
using VmemmapPS.Core.Arch.Arm64;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Mm;
using VmemmapPS.Core.Sim;
using VmemmapPS.Core.Versions;

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
public sealed partial class SimMachine
{
    private readonly Kernel _k;

    private SimMachine(MachineConfig config, Kernel kernel)
    {
        Config = config;
        _k = kernel;
    }

    /// <summary>Boot: memblock RAM, linear map of RAM, vmemmap of the early sections.</summary>
    public static SimMachine Boot(MachineConfig config, IProgress<SimProgress>? progress = null)
    {
        if (config is null)
        {
            throw new ArgumentNullException(nameof(config));
        }

        MachineConfigValidator.RejectMissingParts(config);
        KernelProfile profile = KernelProfile.Get(config.KernelVersion);
        Arm64Geometry g = Arm64Geometry.Create(config.PageSize, config.VaBits, profile);
        MachineConfig normal = MachineConfigValidator.Normalise(config, g);
        var kernel = new Kernel(g, normal.RodataFull) { Bbml2NoAbort = normal.Bbml2NoAbort };
        kernel.Boot(normal.Nodes, progress);
        return new SimMachine(normal, kernel);
    }

    public string Name => Config.Name;

    /// <summary>What the host capture of an imported machine could not tell and was assumed; empty otherwise.</summary>
    public IReadOnlyList<string> Assumptions { get; private set; } = Array.Empty<string>();

    internal void RecordAssumptions(IReadOnlyList<string> assumptions) => Assumptions = assumptions;

    /// <summary>For tests that check how the state is stored (runs, not pages), which the public API hides.</summary>
    internal Kernel KernelForTests => _k;

    /// <summary>The config it was booted with (normalised: VaBits and Nodes filled in).</summary>
    public MachineConfig Config { get; }

    public Arm64Geometry Geometry => _k.G;

    public KernelProfile Profile => _k.P;

    public ulong PageSize => _k.G.PageSize;

    public int VaBits => _k.G.VaBits;

    /// <summary>The kernel version as given ("6.12.107+deb12-arm64"); New-SimMachine binds it back by name.</summary>
    public string KernelVersion => _k.P.Version;

    /// <summary>The upstream release the behaviour was resolved for ("6.12.107"); distribution patches are not modelled.</summary>
    public string KernelUpstream => _k.P.Upstream;

    public bool RodataFull => _k.RodataFull;

    /// <summary>The CPUs have BBML2_NOABORT (a machine property; only v6.18+ kernels act on it).</summary>
    public bool Bbml2NoAbort => _k.Bbml2NoAbort;

    /// <summary>force_pte_mapping(): the linear map, hot-added memory included, is page granular.</summary>
    public bool LinearMapPageGranular => _k.ForcePteMapping;

    public ulong SystemRamTotalBytes => _k.TotalPages << _k.G.PageShift;

    public ulong SystemRamFreeBytes => _k.FreePages << _k.G.PageShift;

    /// <summary>Free system RAM right after boot (the baseline the invariant checker compares with).</summary>
    public ulong BaselineFreeBytes => _k.BaselineFreePages << _k.G.PageShift;

    /// <summary>memstart_addr (PHYS_OFFSET): the physical address the linear map and the vmemmap are based on.</summary>
    public ulong MemstartAddr => _k.MemstartAddr;

    /// <summary>Devices currently registered (successfully added and not removed), in add order.</summary>
    public IReadOnlyList<DeviceMemory> Devices => _k.Devices.ConvertAll(ToDeviceMemory);

    /// <summary>Validate a spec against this machine and compute its geometry without changing anything.
    /// Throws SimException for anything the add would refuse before touching state.</summary>
    public DeviceMemory PreviewDevice(DeviceSpec spec) => ToDeviceMemory(DeviceValidator.Validate(_k, spec));

    /// <summary>memremap_pages (or add_pages for Private). Throws SimException for refused input.</summary>
    public HotplugResult AddDevice(DeviceSpec spec, IProgress<SimProgress>? progress = null)
    {
        DeviceState dev = DeviceValidator.Validate(_k, spec);
        if (dev.InfoBlockUnderflow is { } bad)
        {
            // The info block is written before memremap_pages refuses the inverted range: the failure persists.
            return Run("Add", dev.Name, progress, () =>
            {
                (int errno, string? function) = _k.NdPfnInitWrapped(spec.Start, spec.Size, dev.Align, bad);
                return (errno, function, (DeviceState?)null);
            });
        }

        return Run("Add", dev.Name, progress, () =>
        {
            (int errno, string? function) = _k.MemremapPages(dev);
            return (errno, function, errno == 0 ? dev : null);
        });
    }

    /// <summary>memunmap_pages. Throws SimException (DeviceNotFound) for an unknown name.</summary>
    public HotplugResult RemoveDevice(string name, IProgress<SimProgress>? progress = null)
    {
        DeviceState dev = FindOrThrow(name);
        if (dev.Mode == DeviceMode.SystemRam)
        {
            throw new SimException(FailureKind.InvalidState,
                $"Device '{dev.Name}' is System RAM (kmem); switch it back with Set-DeviceMemory -Mode DevDax before removing it.", dev.Name);
        }

        return Run("Remove", dev.Name, progress, () =>
        {
            if (dev.Mode == DeviceMode.Disabled)
            {
                _k.ForgetDevice(dev);
            }
            else
            {
                _k.DevmMemremapPagesRelease(dev);
            }
            return (0, null, dev);
        });
    }

    /// <summary>Tear down the vmemmap of a physical range (section_deactivate/vmemmap_free) while the device
    /// stays registered. device = null: the altmap is NULL; otherwise that device's altmap (if any) is passed.</summary>
    public HotplugResult RemoveVmemmap(ulong physStart, ulong size, string? device)
    {
        DeviceState? dev = device is null ? null : FindOrThrow(device);
        _k.CheckPfnSpan(physStart, size, physStart);
        if (!_k.HasMemmapIn(physStart, size))
        {
            throw new SimException(FailureKind.InvalidState,
                $"No present section in {Units.ByteSize.Hex(physStart)}-{Units.ByteSize.Hex(physStart + size - 1)}: there is no vmemmap to tear down.", physStart);
        }

        return Run("RemoveVmemmap", dev?.Name ?? string.Empty, null, () =>
        {
            _k.RemovePages(_k.PfnOf(physStart), size >> _k.G.PageShift, dev?.Altmap);
            return (0, null, dev);
        });
    }

    /// <summary>One kernel call on behalf of <paramref name="device"/>, reported as a result with the RAM it cost.</summary>
    private HotplugResult Run(string operation, string device, IProgress<SimProgress>? progress,
        Func<(int Errno, string? Function, DeviceState? Device)> body, Func<SystemMemory?>? systemMemory = null)
    {
        ulong freeBefore = _k.FreePages;
        int warningsBefore = _k.Warnings.Checkpoint();
        DeviceState? dev = null;
        KernelFailure? failure = _k.Call(device, progress, () =>
        {
            (int errno, string? function, DeviceState? d) = body();
            dev = d;
            return (errno, function);
        });
        long delta = (long)(_k.FreePages << _k.G.PageShift) - (long)(freeBefore << _k.G.PageShift);
        var warnings = _k.Warnings.Since(warningsBefore);
        if (failure is null)
        {
            return new HotplugResult
            {
                Operation = operation, Device = device, Success = true, SystemRamDeltaBytes = delta, Warnings = warnings,
                DeviceMemory = dev is null ? null : ToDeviceMemory(dev),
                SystemMemory = systemMemory?.Invoke(),
                Message = $"{operation} {device}: done, system RAM {(delta <= 0 ? "used" : "returned")} {Units.ByteSize.Format((ulong)Math.Abs(delta))}",
            };
        }

        string bug = failure.Bug ? " (the kernel BUG()s here: BUG_ON(!ptr))" : string.Empty;
        return new HotplugResult
        {
            Operation = operation, Device = device, Success = false, Errno = failure.Errno,
            FailedFunction = failure.Function, Failure = failure.Kind, LeftState = failure.LeftState, SystemRamDeltaBytes = delta, Warnings = warnings,
            DeviceMemory = dev is null ? null : ToDeviceMemory(dev), SystemMemory = systemMemory?.Invoke(),
            Message = $"{operation} {device} failed with {Errno.NameOf(failure.Errno)} in {failure.Function}{bug}" +
                      (failure.LeftState ? "; the kernel left state behind (see CheckInvariants)" : string.Empty) +
                      (_k.FailureDetail is { } detail ? "; " + detail : string.Empty),
        };
    }

    private DeviceState FindOrThrow(string name) =>
        _k.FindDevice(name ?? string.Empty) ??
        throw new SimException(FailureKind.DeviceNotFound, $"No device named '{name}' on machine '{Name}'.", name);

    private DeviceMemory ToDeviceMemory(DeviceState d) => new()
    {
        Name = d.Name, Type = d.Type, Start = d.Spec.Start, Size = d.Spec.Size, Node = d.Node, MemmapLocation = d.MemmapLocation,
        UsableBytes = d.UsableBytes, VmemmapBytes = (d.RangeSize >> _k.G.PageShift) * _k.G.StructPageSize, Align = d.Align,
        Machine = Name, Spec = d.Spec, Owner = this, Mode = d.Mode,
        SystemRamStart = d.Mode == DeviceMode.SystemRam ? _k.FindSystemRam(d.Name)!.Start : 0,
        SystemRamBytes = d.Mode == DeviceMode.SystemRam ? _k.FindSystemRam(d.Name)!.Size : 0,
        MemoryBlocks = d.Mode == DeviceMode.SystemRam ? _k.FindSystemRam(d.Name)!.Blocks.Count : 0,
        MemmapOnMemoryBytes = d.Mode == DeviceMode.SystemRam ? MemmapOnMemoryBytesOf(_k.FindSystemRam(d.Name)!) : 0,
    };

    public VmemAltmapInfo? GetAltmap(string device) => FindOrThrow(device).Altmap?.ToInfo(FindOrThrow(device).Name);

    public IReadOnlyList<VmemAltmapInfo> GetAltmaps() =>
        _k.Devices.Where(d => d.Altmap is not null).Select(d => d.Altmap!.ToInfo(d.Name)).ToList();

    /// <summary>mem_section state as runs of subsections in physical order (Export-SimReport's memory map).</summary>
    public IReadOnlyList<SectionRun> GetSectionRuns() => SectionReport.Build(_k);

    /// <summary>Per-device usage rows followed by a "(total)" row.</summary>
    public IReadOnlyList<UsageRow> MeasureUsage() => UsageReport.Build(_k);

    /// <summary>Leaf mappings of the vmemmap as coalesced runs, ordered by VA, optionally filtered.</summary>
    public IReadOnlyList<VmemmapMapping> GetVmemmapMappings(string? device = null, ulong? startVa = null, ulong? endVa = null)
        => MappingReport.Build(_k, device, startVa, endVa);

    /// <summary>The same mappings one at a time, for a caller that writes them out as they come.</summary>
    public IEnumerable<VmemmapMapping> EnumerateVmemmapMappings(string? device = null, ulong? startVa = null, ulong? endVa = null)
        => MappingReport.Enumerate(_k, device, startVa, endVa);

    public IReadOnlyList<TablePageInfo> GetTablePages(PageTableRegion? region = null, int? level = null) =>
        _k.AllTables(region, level)
            .Select(t => new TablePageInfo
            {
                Region = t.Region, Level = t.Level, LevelName = _k.G.LevelName(t.Level), PhysAddr = t.Pa, VirtualBase = t.VaBase,
                Span = (ulong)t.EntryCount * _k.G.EntrySpan(t.Level), EntriesUsed = t.Used, EntriesTotal = t.EntryCount,
                Uniform = t.Uniform, Device = t.Device, Node = t.Node,
            })
            .ToList();

    /// <summary>The owner run holding a system RAM address (Purpose Free for a free page), or null when it is not RAM.</summary>
    public PageOwnerInfo? GetPageOwner(ulong physAddr)
    {
        ulong pfn = _k.PfnOf(physAddr);
        NodeMemory? node = _k.NodeOfPfn(pfn);
        if (node is null)
        {
            return null;
        }

        if (_k.Owners.TryGet(pfn, out OwnedRun run))
        {
            return ToOwnerInfo(run);
        }

        return new PageOwnerInfo
        {
            PhysAddr = _k.PaOf(pfn), Pages = 1, Bytes = PageSize, Purpose = PagePurpose.Free, Node = node.Id,
        };
    }

    /// <summary>Allocated system RAM as owner runs in physical order, optionally filtered.</summary>
    public IReadOnlyList<PageOwnerInfo> GetPageOwners(PagePurpose? purpose = null, string? device = null) =>
        _k.Owners.Runs
            .Where(r => (purpose is null || r.Owner.Purpose == purpose) &&
                        (device is null || SimNames.Same(r.Owner.Device, device)))
            .Select(ToOwnerInfo)
            .ToList();

    private PageOwnerInfo ToOwnerInfo(OwnedRun r) => new()
    {
        PhysAddr = _k.PaOf(r.StartPfn), Pages = r.Count, Bytes = r.Count << _k.G.PageShift, Purpose = r.Owner.Purpose,
        Device = r.Owner.Device, KernelFunction = r.Owner.Function, Node = r.Owner.Node, Reserved = r.Owner.Reserved,
    };

    /// <summary>Walk the kernel page tables: PA for a VA, or null when unmapped.</summary>
    public ulong? TranslateVirtual(ulong va) => _k.Translate(va);

    /// <summary>Text in the style of /sys/kernel/debug/kernel_page_tables for the linear map and vmemmap.</summary>
    public string DumpPageTables() => PtDump.Render(_k);

    public IReadOnlyList<AllocationEvent> Allocations => _k.Log.Snapshot();

    /// <summary>
    /// Allocation records kept one by one (default 500,000, about seven per add/remove cycle); past it the oldest
    /// half is folded into summary records (<see cref="AllocationEvent.Summary"/>) that keep the totals.
    /// </summary>
    public int AllocationLogLimit
    {
        get => _k.Log.Limit;
        set => _k.Log.Limit = value;
    }

    public IReadOnlyList<KernelWarning> Warnings => _k.Warnings.All.ToList();

    /// <summary>Run the invariant checker; empty list = all invariants hold.</summary>
    public IReadOnlyList<InvariantFinding> CheckInvariants() => InvariantChecker.Check(_k);

    /// <summary>Arm a fault on system RAM allocations. Throws SimException (InvalidFaultSpec) for bad values.</summary>
    public void InjectFailure(FaultSpec fault) => _k.Faults.Arm(fault, _k.G.MaxOrder);

    /// <summary>Throws what <see cref="InjectFailure"/> would throw for this fault, without arming it.</summary>
    public void ValidateFault(FaultSpec fault) => FaultInjector.Validate(fault, _k.G.MaxOrder);

    /// <summary>Deep copy (for -WhatIf -PassThru and for what-if comparisons).</summary>
    public SimMachine Clone() => new(Config, _k.Clone());

    /// <summary>Struct page address of a pfn (pfn_to_page with the arm64 vmemmap base).</summary>
    public ulong PfnToStructPage(ulong pfn) => _k.PfnToPage(pfn);

    /// <summary>Linear-map address of a physical address (__phys_to_virt).</summary>
    public ulong PhysToVirt(ulong pa) => _k.PhysToVirt(pa);

    public override string ToString() => Name;
}
