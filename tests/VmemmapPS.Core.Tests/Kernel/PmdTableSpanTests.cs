using System.Collections.Generic;
using System.Linq;
using VmemmapPS.Core.Units;
using VmemmapPS.Reference;
using Xunit;

namespace VmemmapPS.Core.Tests.Kernel;

/// <summary>
/// A 4K map=dev namespace whose memmap needs many PMD tables, every entry of each a PMD block from the altmap:
/// the simulator keeps such tables as one run. These tests check what the per-entry kernel loop
/// (vmemmap_populate's PMD loop, unmap_hotplug_pmd_range, free_empty_pmd_table) would leave, block by block and
/// table by table, and cut into the run.
///
///   vmemmap: |PMD table 0 (first block padded)|PMD table 1|PMD table 2| ... |PMD table n-1|
///             each 512 PMD blocks = 1 GiB of struct pages = 64 GiB of the device
/// </summary>
public class PmdTableSpanTests
{
    private const ulong Start = 4 * ByteSize.TiB; // struct pages 16 MiB short of a PUD boundary (memstart is the 1 GiB DRAM base)

    private static ulong BlockPfns(RefGeometry g) => g.PmdSize / g.PageSize;

    private static ulong PudSpan(RefGeometry g) => g.PmdSize * (g.PageSize / 8);

    /// <summary>The pfn of every PMD block of the memmap, as altmap_alloc_block_buf hands them out one per call.</summary>
    private static List<ulong> BlockPfnsInOrder(RefGeometry g, ulong start, ulong size, out RefAltmap altmap)
    {
        var nd = new RefNvdimmPfn(g, start, size, mapDev: true);
        altmap = new RefAltmap(nd.BasePfn, nd.ReservePfns, nd.FreePfns);
        var pfns = new List<ulong>();
        for (ulong b = 0; b < g.MemmapBytes(nd.RangeSize) / g.PmdSize; b++)
        {
            pfns.Add(altmap.AllocBlock(BlockPfns(g))!.Value);
        }

        return pfns;
    }

    /// <summary>An 8 TiB map=dev namespace on a machine without rodata_full, and the pfn of each of its blocks.</summary>
    private static (KernelRig Rig, List<ulong> BlockPfns) AddEightTiB(string version)
    {
        var rig = KernelRig.Boot(version: version, rodataFull: false);
        List<ulong> pfns = BlockPfnsInOrder(rig.G, Start, 8 * ByteSize.TiB, out _);
        Assert.True(rig.Add(KernelRig.FsDax("pmem0", Start, 8 * ByteSize.TiB, altmap: true)).Success);
        return (rig, pfns);
    }

    /// <summary>
    /// The memmap of the whole namespace, block by block, is what altmap_alloc_block_buf gives one call at a time
    /// (the first block padded to a 512-pfn boundary); the tables are the reference's, RAM pays exactly them, and
    /// removal gives everything back. With the memmap starting on a PUD boundary the very first table is a whole
    /// one too, and its first block still gets the padding.
    /// </summary>
    [Theory]
    [InlineData(Start, 8 * ByteSize.TiB, false, "5.9")]                  // the arm64 PMD loop, 129 PMD tables
    [InlineData(Start, 8 * ByteSize.TiB, false, "6.6")]                  // vmemmap_populate_hugepages
    [InlineData(Start + ByteSize.GiB, 8 * ByteSize.TiB, false, "6.6")]  // struct pages from a PUD boundary on (VMEMMAP_START 1 GiB-aligned)
    [InlineData(Start + ByteSize.GiB, 8 * ByteSize.TiB, false, "5.9")]  // 2 MiB off it (VMEMMAP_START = -VMEMMAP_SIZE - SZ_2M)
    [InlineData(Start, 256 * ByteSize.GiB, true, "6.14")]               // 5 PMD tables, page-granular linear map beside them
    public void LargeMapDev_EveryBlockIsTheOneThePerEntryLoopHandsOut(ulong start, ulong size, bool rodataFull, string version)
    {
        var rig = KernelRig.Boot(version: version, rodataFull: rodataFull);
        RefGeometry g = rig.G;
        List<ulong> pfns = BlockPfnsInOrder(g, start, size, out RefAltmap altmap);
        int newTables = rig.Ref.NewTables(start, size);
        int pmdTablesBefore = rig.Machine.GetTablePages(PageTableRegion.Vmemmap, 2).Count;
        ulong freeBefore = rig.Machine.SystemRamFreeBytes;

        HotplugResult r = rig.Add(KernelRig.FsDax("pmem0", start, size, altmap: true));

        Assert.True(r.Success, r.Message);
        ulong va0 = rig.Ref.StructPageVa(start);
        for (int b = 0; b < pfns.Count; b++)
        {
            Assert.Equal(pfns[b] * g.PageSize, rig.Machine.TranslateVirtual(va0 + (ulong)b * g.PmdSize));
        }

        Assert.Null(rig.Machine.TranslateVirtual(va0 + (ulong)pfns.Count * g.PmdSize));
        Assert.Equal((ulong)pfns.Count, rig.LeafEntries("pmem0", 2));
        VmemAltmapInfo info = rig.Machine.GetAltmap("pmem0")!;
        Assert.Equal((altmap.Alloc, altmap.Align), (info.Alloc, info.Align));
        int pmdTables = rig.Ref.VmemmapTables(start, size).Except(rig.Ref.BootVmemmap).Count(t => t.Level == 2);
        Assert.Equal(pmdTables, rig.Machine.GetTablePages(PageTableRegion.Vmemmap, 2).Count - pmdTablesBefore);
        Assert.Equal(freeBefore - (ulong)newTables * g.PageSize, rig.Machine.SystemRamFreeBytes);
        Assert.Empty(rig.Machine.CheckInvariants());

        HotplugResult removed = rig.Machine.RemoveDevice("pmem0");

        Assert.True(removed.Success, removed.Message);
        Assert.Empty(removed.Warnings);
        Assert.Equal(pmdTablesBefore, rig.Machine.GetTablePages(PageTableRegion.Vmemmap, 2).Count);
        rig.AssertRamBackToBoot();
        Assert.Empty(rig.Machine.CheckInvariants());
    }

    /// <summary>
    /// The table pages of the run come from the buddy allocator one by one in the kernel: an armed fault counts
    /// them as single allocations, so the Nth order-0 allocation after the run fails exactly where it would.
    /// Here N is one past the first device's tables and the second device's linear map: the second device's
    /// first vmemmap table (vmemmap_alloc_block_zero) fails, with -ENOMEM, and the first device is untouched.
    /// </summary>
    [Fact]
    public void FaultAfterTheRun_FailsTheAllocationItsCountNames()
    {
        const ulong size = 8 * ByteSize.TiB;
        ulong second = Start + size;
        var rig = KernelRig.Boot(version: "6.6", rodataFull: false);
        RefGeometry g = rig.G;
        int firstTables = rig.Ref.NewTables(Start, size);
        TableSet firstLinear = rig.Ref.LinearTables(Start, size);
        int secondLinear = rig.Ref.LinearTables(second, 4 * size).Except(rig.Ref.BootLinear.Union(firstLinear)).Count;
        List<ulong> pfns = BlockPfnsInOrder(g, Start, size, out _);

        rig.Machine.InjectFailure(new FaultSpec { Nth = firstTables + secondLinear + 1, Order = 0 });
        HotplugResult first = rig.Add(KernelRig.FsDax("pmem0", Start, size, altmap: true));
        HotplugResult failed = rig.Add(KernelRig.FsDax("pmem1", second, 4 * size, altmap: true));

        Assert.True(first.Success, first.Message);
        Assert.False(failed.Success);
        Assert.Equal(-12, failed.Errno);
        AllocationEvent failure = Assert.Single(rig.Machine.Allocations, e => e.Failed && e.Order == 0);
        Assert.Equal(("pmem1", "vmemmap_alloc_block_zero"), (failure.Device, failure.KernelFunction));
        // its first own PMD table (its first struct pages share the last table of pmem0), not a later one
        Assert.Null(rig.Machine.TranslateVirtual(RefGeometry.AlignUp(rig.Ref.StructPageVa(second), PudSpan(g))));
        Assert.Equal((ulong)pfns.Count, rig.LeafEntries("pmem0", 2));
        Assert.Equal(pfns[pfns.Count - 1] * g.PageSize, rig.Machine.TranslateVirtual(rig.Ref.StructPageVa(Start) + (ulong)(pfns.Count - 1) * g.PmdSize));
    }

    /// <summary>
    /// The Nth order-0 allocation is the 40th new PMD table of the memmap: the sections whose struct pages lie
    /// wholly in the 39 tables before it keep their blocks (__add_pages stops at the first error and rolls nothing
    /// back), the add fails with -ENOMEM, and the failing section's section_deactivate frees what it had mapped
    /// (on 5.9 a section is 1 GiB: 16 MiB of struct pages, so one can straddle the table boundary).
    /// </summary>
    [Fact]
    public void FaultInTheMiddleOfTheRun_KeepsTheSectionsOfTheTablesBeforeIt()
    {
        const int table = 40;
        const ulong size = 8 * ByteSize.TiB;
        var rig = KernelRig.Boot(version: "5.9", rodataFull: false);
        RefGeometry g = rig.G;
        List<ulong> pfns = BlockPfnsInOrder(g, Start, size, out _);
        int linearTables = rig.Ref.NewLinearTables(Start, size);
        Assert.Equal(0, rig.Ref.VmemmapTables(Start, size).Except(rig.Ref.BootVmemmap).Count(t => t.Level < 2)); // the PUD table is boot's

        rig.Machine.InjectFailure(new FaultSpec { Nth = linearTables + table, Order = 0 });
        HotplugResult r = rig.Add(KernelRig.FsDax("pmem0", Start, size, altmap: true));

        Assert.False(r.Success);
        Assert.Equal(-12, r.Errno);
        Assert.True(r.LeftState);
        ulong va0 = rig.Ref.StructPageVa(Start);
        ulong failingTableVa = RefGeometry.AlignDown(va0, PudSpan(g)) + (table - 1) * PudSpan(g);
        ulong keptBytes = RefGeometry.AlignDown(failingTableVa - va0, g.MemmapBytes(g.SectionSize));
        int kept = (int)(keptBytes / g.PmdSize);
        Assert.Equal((ulong)kept, rig.LeafEntries("pmem0", 2));
        Assert.Equal(pfns[kept - 1] * g.PageSize, rig.Machine.TranslateVirtual(va0 + keptBytes - g.PmdSize));
        Assert.Null(rig.Machine.TranslateVirtual(va0 + keptBytes));
        Assert.Null(rig.Machine.TranslateVirtual(failingTableVa));
    }

    /// <summary>
    /// Remove-Vmemmap of the 64 GiB one PMD table describes (64 sections of 1 GiB on 5.9), in the middle of the
    /// run or at either end of it: exactly its 512 blocks go back to the altmap and free_empty_pmd_table frees that
    /// table (pgtable_range_aligned passes with PUD_MASK inside the vmemmap window); the tables on both sides keep
    /// every block. The memmap starts 16 MiB short of a PUD boundary, so whole table 0 is the second table and
    /// whole table 126 the one before the last (partial) one.
    /// </summary>
    [Theory]
    [InlineData(40)]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(126)]
    public void RemoveVmemmapOfOneWholeTable_FreesThatTableAndKeepsBothSides(int wholeTable)
    {
        (KernelRig rig, List<ulong> pfns) = AddEightTiB("5.9");
        RefGeometry g = rig.G;
        // that whole PMD table of the memmap, and the device memory its struct pages describe
        ulong va0 = rig.Ref.StructPageVa(Start);
        ulong tableVa = RefGeometry.AlignUp(va0, PudSpan(g)) + (ulong)wholeTable * PudSpan(g);
        ulong phys = Start + (tableVa - va0) / 64 * g.PageSize;
        ulong devicePerTable = PudSpan(g) / 64 * g.PageSize;
        ulong allocBefore = rig.Machine.GetAltmap("pmem0")!.Alloc;
        ulong freeBefore = rig.Machine.SystemRamFreeBytes;
        int pmdTablesBefore = rig.Machine.GetTablePages(PageTableRegion.Vmemmap, 2).Count;

        HotplugResult r = rig.Machine.RemoveVmemmap(phys, devicePerTable, "pmem0");

        Assert.True(r.Success, r.Message);
        ulong blocksPerTable = PudSpan(g) / g.PmdSize;
        Assert.Equal(allocBefore - blocksPerTable * BlockPfns(g), rig.Machine.GetAltmap("pmem0")!.Alloc);
        Assert.Equal(freeBefore + g.PageSize, rig.Machine.SystemRamFreeBytes);
        Assert.Equal(pmdTablesBefore - 1, rig.Machine.GetTablePages(PageTableRegion.Vmemmap, 2).Count);
        int firstGone = (int)((tableVa - va0) / g.PmdSize);
        int lastGone = firstGone + (int)blocksPerTable - 1;
        foreach (int b in new[] { 0, firstGone - 1, firstGone, lastGone, lastGone + 1, lastGone + 300, pfns.Count - 1 }.Where(b => b < pfns.Count))
        {
            bool gone = b >= firstGone && b <= lastGone;
            Assert.Equal(gone ? null : pfns[b] * g.PageSize, rig.Machine.TranslateVirtual(va0 + (ulong)b * g.PmdSize));
        }

        Assert.Equal((ulong)pfns.Count - blocksPerTable, rig.LeafEntries("pmem0", 2));
        Assert.Empty(rig.Machine.CheckInvariants());
    }

    /// <summary>
    /// Remove-Vmemmap of one section inside a table of the run: its one block goes, its table stays (511 blocks
    /// still in it), and removing the device afterwards tears down everything else, warns once for the section
    /// already gone (WARN_ON_ONCE(!valid_section) on 6.14) and brings RAM back to its boot level.
    /// </summary>
    [Fact]
    public void RemoveVmemmapOfOneSectionInsideTheRun_SplitsOneTableOff()
    {
        (KernelRig rig, List<ulong> pfns) = AddEightTiB("6.14");
        RefGeometry g = rig.G;
        const int block = 3000; // inside the sixth table
        ulong allocBefore = rig.Machine.GetAltmap("pmem0")!.Alloc;
        ulong freeBefore = rig.Machine.SystemRamFreeBytes;

        HotplugResult r = rig.Machine.RemoveVmemmap(Start + block * g.SectionSize, g.SectionSize, "pmem0");

        Assert.True(r.Success, r.Message);
        Assert.Equal(allocBefore - BlockPfns(g), rig.Machine.GetAltmap("pmem0")!.Alloc);
        Assert.Equal(freeBefore, rig.Machine.SystemRamFreeBytes);
        ulong va0 = rig.Ref.StructPageVa(Start);
        for (int b = block - 2; b <= block + 2; b++)
        {
            Assert.Equal(b == block ? null : pfns[b] * g.PageSize, rig.Machine.TranslateVirtual(va0 + (ulong)b * g.PmdSize));
        }

        Assert.Empty(rig.Machine.CheckInvariants());

        HotplugResult removed = rig.Machine.RemoveDevice("pmem0");

        Assert.True(removed.Success, removed.Message);
        Assert.Equal(1, removed.Warnings.Where(w => w.Function == "__remove_section").Sum(w => w.Count));
        rig.AssertRamBackToBoot();
        Assert.Empty(rig.Machine.CheckInvariants());
    }
}
