using System.Linq;
using VmemmapPS.Core.Units;
using VmemmapPS.Reference;
using Xunit;

namespace VmemmapPS.Core.Tests.Kernel;

/// <summary>
/// The seed commit (v5.9): a 64 GiB fsdax namespace with map=dev on 4K/48.
///
///   phys:    1G       9G              start                      start+64G
///            |==RAM===|      ...      |info|altmap free.........|data ...........|
///                                     ^2 pfns ^ 512 PMD blocks of struct pages live here
///   vmemmap: [VMEMMAP_START ... boot memmap ...]   [va(start) .. +1 GiB] mapped by 512 PMD blocks
/// </summary>
public class FsDaxAltmapTests
{
    private const ulong Size = 64 * ByteSize.GiB;

    [Theory]
    [InlineData(0x10_0000_0000UL, true, "5.9")]    // 64 GiB: vmemmap shares the boot memmap's PMD table
    [InlineData(0x10_0000_0000UL, false, "5.9")]
    [InlineData(0x400_0000_0000UL, true, "5.9")]   // 4 TiB: own PMD tables, shares the PUD table
    [InlineData(0x2800_0000_0000UL, true, "5.9")]  // 40 TiB: own PUD tables in vmemmap and linear map
    [InlineData(0x2800_0000_0000UL, false, "5.9")]
    [InlineData(0x400_0000_0000UL, true, "5.12")]  // later bands: same blocks, other VMEMMAP_START
    [InlineData(0x400_0000_0000UL, false, "6.6")]
    [InlineData(0x2800_0000_0000UL, true, "6.14")] // full sections still get PMD blocks after the 2025 fix
    public void MapDev_StructPagesFromAltmap_RamPaysPageTablesOnly(ulong start, bool rodataFull, string version)
    {
        var rig = KernelRig.Boot(version: version, rodataFull: rodataFull);
        RefGeometry g = rig.G;
        var nd = new RefNvdimmPfn(g, start, Size, mapDev: true);
        ulong memmap = g.MemmapBytes(nd.RangeSize);                  // size / PAGE_SIZE * 64 = 1 GiB
        ulong blocks = memmap / g.PmdSize;                            // 512 PMD blocks
        ulong pfnsPerBlock = g.PmdSize / g.PageSize;                  // 512 pfns each
        var altmap = new RefAltmap(nd.BasePfn, nd.ReservePfns, nd.FreePfns);
        ulong firstBlockPfn = altmap.AllocBlock(pfnsPerBlock)!.Value;
        for (ulong i = 1; i < blocks; i++)
        {
            Assert.NotNull(altmap.AllocBlock(pfnsPerBlock));
        }

        int vmemmapTables = rig.Ref.NewVmemmapTables(start, Size);
        int linearTables = rig.Ref.NewLinearTables(start, Size);
        ulong freeBefore = rig.Machine.SystemRamFreeBytes;
        int linearPteBefore = rig.Machine.GetTablePages(PageTableRegion.Linear, 3).Count;
        int vmemmapTablesBefore = rig.TableCount(PageTableRegion.Vmemmap);
        int linearTablesBefore = rig.TableCount(PageTableRegion.Linear);

        HotplugResult r = rig.Add(KernelRig.FsDax("pmem0", start, Size, altmap: true));

        Assert.True(r.Success, r.Message);
        Assert.Equal(0, r.Errno);
        Assert.False(r.LeftState);
        Assert.Empty(r.Warnings);

        // altmap: 512 blocks * 512 pfns = 262,144 pfns, plus the first block's padding to a 512-pfn boundary.
        Assert.Equal(memmap / g.PageSize, altmap.Alloc);
        Assert.Equal(RefGeometry.AlignUp(nd.BasePfn + nd.ReservePfns, pfnsPerBlock) - (nd.BasePfn + nd.ReservePfns), altmap.Align);
        VmemAltmapInfo info = rig.Machine.GetAltmap("pmem0")!;
        Assert.Equal(nd.BasePfn, info.BasePfn);
        Assert.Equal(nd.ReservePfns, info.Reserve);
        Assert.Equal(nd.FreePfns, info.Free);
        Assert.Equal(altmap.Alloc, info.Alloc);
        Assert.Equal(altmap.Align, info.Align);

        // Leaf mappings: PMD blocks only, all backed by the device's own pfns.
        Assert.Equal(blocks, rig.LeafEntries("pmem0", 2));
        Assert.Equal(0UL, rig.LeafEntries("pmem0", 3));
        Assert.All(rig.Machine.GetVmemmapMappings("pmem0"), m => Assert.Equal(AllocationSource.Altmap, m.Backing));
        VmemmapMapping first = rig.Machine.GetVmemmapMappings("pmem0")[0];
        Assert.Equal(rig.Ref.StructPageVa(start), first.VirtualAddress);
        Assert.Equal(firstBlockPfn * g.PageSize, first.PhysAddr);
        Assert.Equal(firstBlockPfn * g.PageSize, rig.Machine.TranslateVirtual(rig.Ref.StructPageVa(start)));
        Assert.Equal(start, rig.Machine.TranslateVirtual(rig.Ref.LinearVa(start)));

        // System RAM pays for page-table pages only.
        long tableBytes = (long)((ulong)(vmemmapTables + linearTables) * g.PageSize);
        Assert.Equal(-tableBytes, r.SystemRamDeltaBytes);
        Assert.Equal(freeBefore - (ulong)tableBytes, rig.Machine.SystemRamFreeBytes);
        Assert.Equal(vmemmapTablesBefore + vmemmapTables, rig.TableCount(PageTableRegion.Vmemmap));
        Assert.Equal(linearTablesBefore + linearTables, rig.TableCount(PageTableRegion.Linear));

        // rodata_full: one PTE table per 2 MiB of device; off: 1 GiB PUD blocks, so no PTE tables at all.
        int linearPteAdded = rig.Machine.GetTablePages(PageTableRegion.Linear, 3).Count - linearPteBefore;
        Assert.Equal(rodataFull ? (int)(Size / g.PmdSize) : 0, linearPteAdded);

        UsageRow row = rig.Usage("pmem0");
        Assert.Equal(memmap, row.VmemmapBytes);
        Assert.Equal(memmap, row.VmemmapFromAltmapBytes);
        Assert.Equal(0UL, row.VmemmapFromSystemRamBytes);
        Assert.Equal((ulong)vmemmapTables * g.PageSize, row.VmemmapPageTableBytes);
        Assert.Equal((ulong)linearTables * g.PageSize, row.LinearMapPageTableBytes);
        Assert.Equal((ulong)tableBytes, row.SystemRamUsedBytes);
        Assert.Equal(altmap.Alloc, row.AltmapAllocPages);
        Assert.Equal(altmap.Align, row.AltmapAlignPages);

        DeviceMemory dev = r.DeviceMemory!;
        Assert.Equal(MemmapLocation.Device, dev.MemmapLocation);
        Assert.Equal(nd.UsableBytes, dev.UsableBytes);
        Assert.Equal(memmap, dev.VmemmapBytes);
        Assert.Empty(rig.Machine.CheckInvariants());
    }

    [Theory]
    [InlineData(0x10_0000_0000UL, true)]
    [InlineData(0x2800_0000_0000UL, false)]
    public void MapMem_On59_RamPaysTheMemmapAndTheTables(ulong start, bool rodataFull)
    {
        var rig = KernelRig.Boot(version: "5.9", rodataFull: rodataFull);
        RefGeometry g = rig.G;

        (_, HotplugResult r) = AddExpectingRamToPayMemmap(rig, start, altmap: false);

        Assert.Null(rig.Machine.GetAltmap("pmem0"));
        Assert.Equal(MemmapLocation.SystemRam, r.DeviceMemory!.MemmapLocation);
        ulong memmap = g.MemmapBytes(Size);
        Assert.Equal(memmap / g.PmdSize, rig.LeafEntries("pmem0", 2));
        // Every block is an order-9 (PMD_SIZE) buddy allocation (vmemmap_alloc_block); the log may coalesce
        // contiguous ones into a record, so count pages.
        int pmdOrder = g.PmdOrder;
        var dataAllocs = rig.Machine.Allocations.Where(e => e.Device == "pmem0" && e.Purpose == PagePurpose.VmemmapData && !e.Failed).ToList();
        Assert.Equal(memmap / g.PageSize, dataAllocs.Aggregate(0UL, (sum, e) => sum + e.Pages));
        Assert.All(dataAllocs, e => Assert.Equal(pmdOrder, e.Order));
        Assert.Empty(rig.Machine.CheckInvariants());
    }

    [Theory]
    [InlineData(4096UL)]
    [InlineData(16384UL)]
    [InlineData(65536UL)]
    public void MapDev_On58_AltmapIsBuiltButIgnored_RamPays(ulong pageSize)
    {
        // v5.8 arm64 vmemmap_populate never passes the altmap down (docs/kernel-model.md#vmemmap_populate): nvdimm still reserves the
        // on-media memmap area, but the struct pages come from system RAM.
        var rig = KernelRig.Boot(pageSize: pageSize, version: "5.8");

        (RefNvdimmPfn nd, _) = AddExpectingRamToPayMemmap(rig, 0x400_0000_0000UL, altmap: true);

        VmemAltmapInfo info = rig.Machine.GetAltmap("pmem0")!;
        Assert.Equal(nd.ReservePfns, info.Reserve);
        Assert.Equal(nd.FreePfns, info.Free);
        Assert.Equal(0UL, info.Alloc);
        Assert.Equal(0UL, info.Align);
    }

    /// <summary>
    /// v5.8's vmemmap_free has no altmap argument (unmap_hotplug_range(start, end, true)): the RAM-backed blocks the
    /// ignored altmap never supplied go back to the buddy allocator, all of them, and no altmap counter moves.
    /// </summary>
    [Theory]
    [InlineData(4096UL)]
    [InlineData(65536UL)]
    public void MapDev_On58_RemoveGivesTheRamBackThroughFreePages(ulong pageSize)
    {
        var rig = KernelRig.Boot(pageSize: pageSize, version: "5.8");
        (RefNvdimmPfn nd, HotplugResult added) = AddExpectingRamToPayMemmap(rig, 0x400_0000_0000UL, altmap: true);
        Assert.True(nd.FreePfns > 0); // the altmap had room: only the release decides where the blocks go

        HotplugResult removed = rig.Machine.RemoveDevice("pmem0");

        Assert.True(removed.Success, removed.Message);
        Assert.Equal(-added.SystemRamDeltaBytes, removed.SystemRamDeltaBytes);
        Assert.Empty(removed.Warnings);
        Assert.DoesNotContain(rig.Machine.Allocations, e => e.Source == AllocationSource.Altmap && e.Device == "pmem0");
        rig.AssertRamBackToBoot();
    }

    private static (RefNvdimmPfn Nd, HotplugResult Result) AddExpectingRamToPayMemmap(KernelRig rig, ulong start, bool altmap)
    {
        var nd = new RefNvdimmPfn(rig.G, start, Size, mapDev: altmap);
        ulong memmap = rig.G.MemmapBytes(nd.RangeSize);
        int tables = rig.Ref.NewTables(start, Size);

        HotplugResult r = rig.Add(KernelRig.FsDax("pmem0", start, Size, altmap));

        Assert.True(r.Success, r.Message);
        Assert.Equal(-(long)(memmap + (ulong)tables * rig.PageSize), r.SystemRamDeltaBytes);
        Assert.All(rig.Machine.GetVmemmapMappings("pmem0"), m => Assert.Equal(AllocationSource.SystemRam, m.Backing));
        UsageRow row = rig.Usage("pmem0");
        Assert.Equal(memmap, row.VmemmapFromSystemRamBytes);
        Assert.Equal(0UL, row.VmemmapFromAltmapBytes);
        Assert.Equal(nd.UsableBytes, r.DeviceMemory!.UsableBytes);
        return (nd, r);
    }
}
