using System.Linq;
using VmemmapPS.Core.Units;
using VmemmapPS.Reference;
using Xunit;

namespace VmemmapPS.Core.Tests.Kernel;

/// <summary>
/// 16K/48 and 64K/48 (docs/kernel-model.md#populate-summary): the vmemmap is always PTE-mapped, every vmemmap page is one PAGE_SIZE
/// altmap allocation (nr_align = 0), so altmap pfns == vmemmap pages.
/// </summary>
public class LargeGranuleTests
{
    private const ulong Size = 64 * ByteSize.GiB;

    [Theory]
    [InlineData(16384UL, 0x10_0000_0000UL)]   // near boot RAM: shares the boot memmap's PMD table
    [InlineData(16384UL, 0x400_0000_0000UL)]
    [InlineData(65536UL, 0x10_0000_0000UL)]   // shares the boot memmap's second PTE table (5.9 window is 2 MiB off)
    [InlineData(65536UL, 0x100_0000_0000UL)]  // 1 TiB: own PTE tables
    public void MapDev_On59_PteLevelVmemmap_AltmapPfnsEqualVmemmapPages(ulong pageSize, ulong start)
    {
        var rig = KernelRig.Boot(pageSize: pageSize, version: "5.9");
        RefGeometry g = rig.G;
        var nd = new RefNvdimmPfn(g, start, Size, mapDev: true);
        ulong memmap = g.MemmapBytes(nd.RangeSize);
        ulong vmemmapPages = memmap / g.PageSize;                    // 16K: 16,384; 64K: 1,024
        TableSet deviceTables = rig.Ref.VmemmapTables(start, Size);
        int newPte = deviceTables.Except(rig.Ref.BootVmemmap).Count(t => t.Level == 3);
        int vmemmapTables = deviceTables.Except(rig.Ref.BootVmemmap).Count;
        int linearTables = rig.Ref.NewLinearTables(start, Size);
        int ptesBefore = rig.Machine.GetTablePages(PageTableRegion.Vmemmap, 3).Count;

        HotplugResult r = rig.Add(KernelRig.FsDax("pmem0", start, Size, altmap: true));

        Assert.True(r.Success, r.Message);
        VmemAltmapInfo info = rig.Machine.GetAltmap("pmem0")!;
        Assert.Equal(nd.ReservePfns, info.Reserve);        // ALIGN(8K, PAGE_SIZE) = one page
        Assert.Equal(nd.FreePfns, info.Free);
        Assert.Equal(vmemmapPages, info.Alloc);
        Assert.Equal(0UL, info.Align);
        Assert.Equal(vmemmapPages, rig.LeafEntries("pmem0", 3));
        Assert.Equal(0UL, rig.LeafEntries("pmem0", 2));
        Assert.All(rig.Machine.GetVmemmapMappings("pmem0"), m => Assert.Equal(AllocationSource.Altmap, m.Backing));

        // First struct page lives right after the info-block reserve (no padding for 1-pfn requests).
        Assert.Equal((nd.BasePfn + nd.ReservePfns) * g.PageSize, rig.Machine.TranslateVirtual(rig.Ref.StructPageVa(start)));

        // docs/kernel-model.md#vmemmap-page-tables: one PTE table per PTRS_PER_PTE vmemmap pages, minus what the boot memmap already has.
        Assert.Equal(newPte, rig.Machine.GetTablePages(PageTableRegion.Vmemmap, 3).Count - ptesBefore);
        Assert.True((ulong)deviceTables.At(3) >= vmemmapPages / g.PtrsPerTable);
        Assert.Equal(-(long)((ulong)(vmemmapTables + linearTables) * g.PageSize), r.SystemRamDeltaBytes);
        UsageRow row = rig.Usage("pmem0");
        Assert.Equal(memmap, row.VmemmapFromAltmapBytes);
        Assert.Equal((ulong)vmemmapTables * g.PageSize, row.VmemmapPageTableBytes);
        Assert.Equal((ulong)linearTables * g.PageSize, row.LinearMapPageTableBytes);
        Assert.Empty(rig.Machine.CheckInvariants());
    }

    /// <summary>
    /// nd_pfn_init's end_trunc: with 64K pages the default PFN alignment is PMD_SIZE (512 MiB), so a namespace
    /// whose end is not 512 MiB aligned loses the tail; memremap_pages hot-adds only [start, end - end_trunc].
    ///
    ///   |info|memmap..pad to 512M|data .............................|tail < 512M (end_trunc, unused)|
    /// </summary>
    [Fact]
    public void NamespaceEndNotPfnAligned_TailIsTruncatedFromTheHotAddedRange()
    {
        var rig = KernelRig.Boot(pageSize: 65536, version: "5.9");
        RefGeometry g = rig.G;
        ulong start = 0x100_0000_0000UL;
        ulong size = Size + 16 * ByteSize.MiB;                        // a 16 MiB-aligned region size
        var nd = new RefNvdimmPfn(g, start, size, mapDev: true);
        Assert.True(nd.EndTrunc > 0);

        HotplugResult r = rig.Add(KernelRig.FsDax("pmem0", start, size, altmap: true));

        Assert.True(r.Success, r.Message);
        Assert.Equal(nd.UsableBytes, r.DeviceMemory!.UsableBytes);
        Assert.Equal(g.MemmapBytes(nd.RangeSize), r.DeviceMemory.VmemmapBytes);
        Assert.Equal(g.MemmapBytes(nd.RangeSize) / g.PageSize, rig.Machine.GetAltmap("pmem0")!.Alloc);
        Assert.Null(rig.Machine.TranslateVirtual(rig.Ref.LinearVa(start + nd.RangeSize)));
        Assert.Equal(start + nd.RangeSize - g.PageSize, rig.Machine.TranslateVirtual(rig.Ref.LinearVa(start + nd.RangeSize - g.PageSize)));
    }
}
