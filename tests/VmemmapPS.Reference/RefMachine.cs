using System;
using System.Collections.Generic;
using System.Linq;

namespace VmemmapPS.Reference;

/// <summary>
/// What the kernel maps at boot for a RAM layout, recomputed (docs/kernel-model.md#boot): sparse_init populates the memmap of
/// every present section (PMD blocks on 4K, base pages on 16K/64K) and map_mem builds the linear map
/// (page granular under rodata_full). Device ranges are then expressed against it.
/// </summary>
public sealed class RefMachine
{
    /// <summary>The platform's kernel image reservation (docs/kernel-model.md#platform-assumptions): at most 32 MiB.</summary>
    public const ulong MaxKernelImageBytes = 32UL << 20;

    public RefMachine(RefGeometry geometry, IReadOnlyList<(ulong Start, ulong Size)> ram, bool rodataFull)
    {
        G = geometry;
        RodataFull = rodataFull;
        Memstart = geometry.Memstart(ram.Min(r => r.Start));
        BootVmemmap = new TableSet(geometry);
        BootLinear = new TableSet(geometry);
        var sections = new SortedSet<ulong>();
        foreach ((ulong start, ulong size) in ram)
        {
            ulong first = RefGeometry.AlignDown(start, geometry.SectionSize);
            ulong last = RefGeometry.AlignUp(start + size, geometry.SectionSize);
            BootVmemmap.MapLeaves(StructPageVa(first), StructPageVa(last), FullSectionLeafLevel);
            BootLinear.MapLinear(LinearVa(start), LinearVa(start + size), rodataFull);
            for (ulong s = first; s < last; s += geometry.SectionSize)
            {
                sections.Add(s);
            }
        }

        ulong lowestRangeSize = ram.OrderBy(r => r.Start).First().Size;
        KernelImageBytes = Math.Min(MaxKernelImageBytes, lowestRangeSize / 4);
        BootMemmapBytes = (ulong)sections.Count * geometry.MemmapBytes(geometry.SectionSize);
        ulong ramBytes = ram.Aggregate(0UL, (sum, r) => sum + r.Size);
        FreeBytesAfterBoot = ramBytes - KernelImageBytes - BootMemmapBytes - (ulong)BootTables.Total * geometry.PageSize;
    }

    /// <summary>memblock_reserve of the kernel image at the start of the lowest RAM range.</summary>
    public ulong KernelImageBytes { get; }

    /// <summary>sparse_init: the whole memmap of every section that has RAM.</summary>
    public ulong BootMemmapBytes { get; }

    /// <summary>
    /// Free RAM once memblock hands over to the buddy allocator: everything but the kernel image, the boot memmap and
    /// the boot page tables below swapper_pg_dir (which lives in the image). The sparse buffer's unused tail is
    /// given back, so it costs nothing.
    /// </summary>
    public ulong FreeBytesAfterBoot { get; }

    public RefGeometry G { get; }

    public bool RodataFull { get; }

    public ulong Memstart { get; }

    public TableSet BootVmemmap { get; }

    public TableSet BootLinear { get; }

    /// <summary>Leaf level of a full-section vmemmap populate: PMD blocks with 4K pages, PTEs otherwise (docs/kernel-model.md#populate-summary).</summary>
    public int FullSectionLeafLevel => G.PageSize == 4096 ? 2 : 3;

    public ulong StructPageVa(ulong phys) => G.StructPageVaOfPhys(phys, Memstart);

    public ulong LinearVa(ulong phys) => G.LinearVa(phys, Memstart);

    /// <summary>Vmemmap tables of a device range populated with whole-section leaves.</summary>
    public TableSet VmemmapTables(ulong phys, ulong size) => VmemmapTables(phys, size, FullSectionLeafLevel);

    public TableSet VmemmapTables(ulong phys, ulong size, int leafLevel)
    {
        ulong start = RefGeometry.AlignDown(StructPageVa(phys), leafLevel == 2 ? G.PmdSize : G.PageSize);
        ulong end = RefGeometry.AlignUp(StructPageVa(phys + size), leafLevel == 2 ? G.PmdSize : G.PageSize);
        return new TableSet(G).MapLeaves(start, end, leafLevel);
    }

    /// <summary>Linear-map tables of a device range as arch_add_memory builds them with this machine's rodata_full.</summary>
    public TableSet LinearTables(ulong phys, ulong size) => new TableSet(G).MapLinear(LinearVa(phys), LinearVa(phys + size), RodataFull);

    /// <summary>Table pages an add must allocate: those of the device not already present.</summary>
    public int NewVmemmapTables(ulong phys, ulong size) => VmemmapTables(phys, size).Except(BootVmemmap).Count;

    public int NewLinearTables(ulong phys, ulong size) => LinearTables(phys, size).Except(BootLinear).Count;

    /// <summary>Both regions' tables of a device range.</summary>
    public TableSet DeviceTables(ulong phys, ulong size) => VmemmapTables(phys, size).Union(LinearTables(phys, size));

    public TableSet BootTables => BootVmemmap.Union(BootLinear);

    /// <summary>Table pages (both regions) an add of this range to the booted machine allocates.</summary>
    public int NewTables(ulong phys, ulong size) => DeviceTables(phys, size).Except(BootTables).Count;
}
