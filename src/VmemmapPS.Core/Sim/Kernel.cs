using System;
using System.Collections.Generic;
using VmemmapPS.Core.Arch.Arm64;
using VmemmapPS.Core.Mm;
using VmemmapPS.Core.Versions;

namespace VmemmapPS.Core.Sim;

/// <summary>
/// The simulated kernel's state: physical memory, swapper_pg_dir and its tables, mem_sections, registered
/// pagemaps and the logs. The kernel-mirroring functions live in partial files under Arch/, Mm/ and Drivers/.
/// </summary>
internal sealed partial class Kernel
{
    public Kernel(Arm64Geometry geometry, bool rodataFull)
    {
        G = geometry;
        RodataFull = rodataFull;
        Log = new AllocationLog(geometry.PageSize);
        Sections = new SectionMap((int)geometry.SubsectionsPerSection);
    }

    public Arm64Geometry G { get; }
    public KernelProfile P => G.Profile;
    public bool RodataFull { get; }

    public List<NodeMemory> Nodes { get; private set; } = new();
    public PageOwnerMap Owners { get; private set; } = new();
    public Dictionary<ulong, TablePage> Tables { get; private set; } = new();

    /// <summary>swapper_pg_dir: lives in the kernel image, not allocated from the buddy allocator.</summary>
    public TablePage Pgd { get; private set; } = null!;
    public SectionMap Sections { get; private set; } = null!;
    public DeviceIndex Devices { get; private set; } = new();
    public AllocationLog Log { get; private set; }
    public WarningLog Warnings { get; private set; } = new();
    public FaultInjector Faults { get; private set; } = new();

    /// <summary>memstart_addr (PHYS_OFFSET).</summary>
    public ulong MemstartAddr { get; private set; }

    /// <summary>True while memblock owns allocations (before memblock_free_all).</summary>
    public bool Booting { get; private set; }

    public ulong BaselineFreePages { get; private set; }

    public ulong PageShiftMask => G.PageSize - 1;

    public ulong FreePages
    {
        get
        {
            ulong n = 0;
            foreach (NodeMemory node in Nodes)
            {
                n += node.Free.TotalPages + node.MovableFree.TotalPages;
            }

            return n;
        }
    }

    public ulong TotalPages
    {
        get
        {
            ulong n = 0;
            foreach (NodeMemory node in Nodes)
            {
                n += node.TotalPages;
            }

            return n;
        }
    }

    public ulong PfnOf(ulong pa) => pa >> G.PageShift;

    public ulong PaOf(ulong pfn) => pfn << G.PageShift;

    // mirrors __phys_to_virt (arch/arm64/include/asm/memory.h): linear map address of a physical address.
    public ulong PhysToVirt(ulong pa) => (pa - MemstartAddr) | G.PageOffset;

    // mirrors pfn_to_page with the vmemmap base (vmemmap = VMEMMAP_START - (memstart_addr >> PAGE_SHIFT)).
    public ulong PfnToPage(ulong pfn) => G.VmemmapStart + (pfn - PfnOf(MemstartAddr)) * G.StructPageSize;

    /// <summary>Inverse of <see cref="PfnToPage"/> for a vmemmap address.</summary>
    public ulong PageToPfn(ulong va) => (va - G.VmemmapStart) / G.StructPageSize + PfnOf(MemstartAddr);

    public NodeMemory? NodeOfPfn(ulong pfn)
    {
        foreach (NodeMemory n in Nodes)
        {
            if (n.ContainsPfn(pfn))
            {
                return n;
            }
        }

        return null;
    }

    public bool IsRam(ulong pfn) => NodeOfPfn(pfn) is not null;

    /// <summary>Whether any section in [physStart, physStart + size) has a memmap to tear down.</summary>
    public bool HasMemmapIn(ulong physStart, ulong size) =>
        Sections.AnyPresent(PfnToSectionNr(PfnOf(physStart)), PfnToSectionNr(PfnOf(physStart + size - 1)));

    /// <summary>The registered device with this name (names compare as <see cref="SimNames"/> says).</summary>
    public DeviceState? FindDevice(string name) => Devices.Find(name);

    /// <summary>The latest device hot-added at each pfn (also failed or removed ones), for attributing leftovers.</summary>
    public RangeMap<string> DeviceHistory { get; private set; } = new();

    /// <summary>Name of the device whose pfns these are: a registered one first, else the latest that used them.</summary>
    public string? DeviceNameOfPfn(ulong pfn) =>
        DeviceOfPfn(pfn)?.Name ?? SystemRamOfPfn(pfn)?.Owner ?? (DeviceHistory.TryFind(pfn, out string name) ? name : null);

    /// <summary>Hot-added System RAM resources (add_memory / kmem), in add order.</summary>
    public List<SystemRamState> SystemRam { get; private set; } = new();

    /// <summary>
    /// Namespaces (start, size) whose pfn info block nd_pfn_init wrote with a wrapped npfns: the block stays on the
    /// media, so every later probe of that namespace fails in nd_pfn_validate.
    /// </summary>
    public List<(ulong Start, ulong Size, ulong Align)> BadInfoBlocks { get; private set; } = new();

    /// <summary>What a failing operation found beyond its errno (a kernel bug it hit); cleared when one starts.</summary>
    public string? FailureDetail { get; set; }

    public DeviceState? DeviceOfPfn(ulong pfn) => Devices.AtAddress(PaOf(pfn));

    public Kernel Clone()
    {
        var c = (Kernel)MemberwiseClone();
        c.Nodes = Nodes.ConvertAll(n => n.Clone());
        c.Owners = Owners.Clone();
        c.Tables = new Dictionary<ulong, TablePage>(Tables.Count);
        foreach (KeyValuePair<ulong, TablePage> kv in Tables)
        {
            c.Tables.Add(kv.Key, kv.Value.Clone());
        }

        c.Pgd = Pgd.Clone();
        c.Spans = Spans.ConvertAll(x => x.Clone());
        c.Sections = Sections.Clone();

        c.Devices = Devices.Clone();
        c.SystemRam = SystemRam.ConvertAll(r => r.Clone());
        c.DeviceHistory = DeviceHistory.Clone(n => n);
        c.BadInfoBlocks = new List<(ulong, ulong, ulong)>(BadInfoBlocks);
        c.Log = Log.Clone();
        c.Warnings = Warnings.Clone();
        c.Faults = Faults.Clone();
        c._vmemmapReuseRefs = CloneVmemmapReuseRefs();
        return c;
    }
}
