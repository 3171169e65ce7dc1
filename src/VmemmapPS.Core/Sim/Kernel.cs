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
    }

    public Arm64Geometry G { get; }
    public KernelProfile P => G.Profile;
    public bool RodataFull { get; }

    public List<NodeMemory> Nodes { get; private set; } = new();
    public PageOwnerMap Owners { get; private set; } = new();
    public Dictionary<ulong, TablePage> Tables { get; private set; } = new();

    /// <summary>swapper_pg_dir: lives in the kernel image, not allocated from the buddy allocator.</summary>
    public TablePage Pgd { get; private set; } = null!;
    public Dictionary<ulong, MemSection> Sections { get; private set; } = new();
    public List<DeviceState> Devices { get; private set; } = new();
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
                n += node.Free.TotalPages;
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
    public bool HasMemmapIn(ulong physStart, ulong size)
    {
        ulong last = PfnToSectionNr(PfnOf(physStart + size - 1));
        for (ulong nr = PfnToSectionNr(PfnOf(physStart)); nr <= last; nr++)
        {
            if (Sections.TryGetValue(nr, out MemSection? ms) && ms.HasMemMap)
            {
                return true;
            }
        }

        return false;
    }

    public DeviceState? FindDevice(string name) => Devices.Find(d => SimNames.Same(d.Name, name));

    /// <summary>Every pfn range a device was hot-added at (also failed or removed ones), for attributing leftovers.</summary>
    public List<(ulong StartPfn, ulong EndPfn, string Name)> DeviceHistory { get; private set; } = new();

    /// <summary>Name of the device whose pfns these are: a registered one first, else the latest that used them.</summary>
    public string? DeviceNameOfPfn(ulong pfn)
    {
        if (DeviceOfPfn(pfn) is DeviceState d)
        {
            return d.Name;
        }

        for (int i = DeviceHistory.Count - 1; i >= 0; i--)
        {
            if (pfn >= DeviceHistory[i].StartPfn && pfn < DeviceHistory[i].EndPfn)
            {
                return DeviceHistory[i].Name;
            }
        }

        return null;
    }

    public DeviceState? DeviceOfPfn(ulong pfn) =>
        Devices.Find(d => pfn >= PfnOf(d.RangeStart) && pfn < PfnOf(d.RangeStart + d.RangeSize));

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
        c.Sections = new Dictionary<ulong, MemSection>(Sections.Count);
        foreach (KeyValuePair<ulong, MemSection> kv in Sections)
        {
            c.Sections.Add(kv.Key, kv.Value.Clone());
        }

        c.Devices = Devices.ConvertAll(d => d.Clone());
        c.DeviceHistory = new List<(ulong, ulong, string)>(DeviceHistory);
        c.Log = Log.Clone();
        c.Warnings = Warnings.Clone();
        c.Faults = Faults.Clone();
        return c;
    }
}
