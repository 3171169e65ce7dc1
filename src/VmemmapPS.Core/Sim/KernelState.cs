using System;
using System.Collections.Generic;
using VmemmapPS.Core.Arch.Arm64;
using VmemmapPS.Core.Mm;
using VmemmapPS.Core.Versions;

namespace VmemmapPS.Core.Sim;

/// <summary>
/// The simulated kernel's state: physical memory, swapper_pg_dir and its tables, mem_sections, registered
/// pagemaps and the logs. It is the base of the chain the kernel is built from (docs/architecture.md):
/// <see cref="PageAllocator"/>, <see cref="KernelPageTables"/>, <see cref="GenericMm"/>, <see cref="Arm64Mm"/>,
/// the drivers (memory blocks, nvdimm pfn, dax kmem), and the sealed <see cref="Kernel"/>. Only the chain sets this state.
/// </summary>
internal abstract partial class KernelState
{
    protected KernelState(Arm64Geometry geometry, bool rodataFull)
    {
        G = geometry;
        RodataFull = rodataFull;
        Log = new AllocationLog(geometry.PageSize);
        Sections = new SectionMap((int)geometry.SubsectionsPerSection);
    }

    public Arm64Geometry G { get; }
    public KernelProfile P => G.Profile;
    public bool RodataFull { get; }

    /// <summary>Every CPU has BBML2_NOABORT (system_supports_bbml2_noabort); read by force_pte_mapping from v6.18.</summary>
    public bool Bbml2NoAbort { get; init; }

    public List<NodeMemory> Nodes { get; private set; } = new();
    public PageOwnerMap Owners { get; private set; } = new();
    public Dictionary<ulong, TablePage> Tables { get; private set; } = new();

    /// <summary>swapper_pg_dir: lives in the kernel image, not allocated from the buddy allocator.</summary>
    public TablePage Pgd { get; protected set; } = null!;

    /// <summary>Run-compressed PTE tables (see <see cref="KernelPageTables"/>), sorted by Pa0 and disjoint.</summary>
    public List<TableSpan> Spans { get; private set; } = new();
    public SectionMap Sections { get; private set; } = null!;
    public DeviceIndex Devices { get; private set; } = new();
    public AllocationLog Log { get; private set; }
    public WarningLog Warnings { get; private set; } = new();
    public FaultInjector Faults { get; private set; } = new();

    /// <summary>memstart_addr (PHYS_OFFSET).</summary>
    public ulong MemstartAddr { get; protected set; }

    /// <summary>True while memblock owns allocations (before memblock_free_all).</summary>
    public bool Booting { get; protected set; }

    public ulong BaselineFreePages { get; protected set; }

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

    /// <summary>The registered device with this name (names compare as <see cref="SimNames"/> says).</summary>
    public DeviceState? FindDevice(string name) => Devices.Find(name);

    /// <summary>The latest device hot-added at each pfn (also failed or removed ones), for attributing leftovers.</summary>
    public RangeMap<string> DeviceHistory { get; private set; } = new();

    /// <summary>Name of the device whose pfns these are: a registered one first, else the latest that used them.</summary>
    public string? DeviceNameOfPfn(ulong pfn) =>
        DeviceOfPfn(pfn)?.Name ?? SystemRamOfPfn(pfn)?.Owner ?? (DeviceHistory.TryFind(pfn, out string name) ? name : null);

    /// <summary>Hot-added System RAM resources (add_memory / kmem), in add order.</summary>
    public List<SystemRamState> SystemRam { get; private set; } = new();

    public SystemRamState? SystemRamOfPfn(ulong pfn)
    {
        ulong pa = PaOf(pfn);
        return SystemRam.Find(r => pa >= r.Start && pa < r.End);
    }

    public SystemRamState? FindSystemRam(string name) =>
        SystemRam.Find(r => SimNames.Same(r.Name, name));

    /// <summary>
    /// Namespaces (start, size) whose pfn info block nd_pfn_init wrote with a wrapped npfns: the block stays on the
    /// media, so every later probe of that namespace fails in nd_pfn_validate.
    /// </summary>
    public IReadOnlyList<Drivers.Nvdimm.BadInfoBlock> BadInfoBlocks => _badInfoBlocks;

    /// <summary>The list behind <see cref="BadInfoBlocks"/>; nd_pfn_init adds to it (see <see cref="Drivers.Nvdimm.PfnDevs"/>).</summary>
    protected List<Drivers.Nvdimm.BadInfoBlock> BadInfoBlockList => _badInfoBlocks;

    private List<Drivers.Nvdimm.BadInfoBlock> _badInfoBlocks = new();

    /// <summary>
    /// Compound devmaps: the references get_page took on reused vmemmap pages, by pfn (the PTEs that map a page
    /// beyond the one it was allocated for). free_pages on such a page only drops one until none is left.
    /// </summary>
    public Dictionary<ulong, ulong> VmemmapReuseRefs { get; private set; } = new();

    /// <summary>What a failing operation found beyond its errno (a kernel bug it hit); cleared when one starts.</summary>
    public string? FailureDetail { get; protected set; }

    public DeviceState? DeviceOfPfn(ulong pfn) => Devices.AtAddress(PaOf(pfn));

    /// <summary>A deep copy of the state, for rolling a failed operation back (see <see cref="Kernel.Clone"/>).</summary>
    protected KernelState CloneState()
    {
        var c = (KernelState)MemberwiseClone();
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
        c._badInfoBlocks = new List<Drivers.Nvdimm.BadInfoBlock>(_badInfoBlocks);
        c.Log = Log.Clone();
        c.Warnings = Warnings.Clone();
        c.Faults = Faults.Clone();
        c.VmemmapReuseRefs = new Dictionary<ulong, ulong>(VmemmapReuseRefs);
        return c;
    }
}
