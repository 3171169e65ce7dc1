using System.Linq;
using VmemmapPS.Core.Units;
using VmemmapPS.Reference;
using Xunit;

namespace VmemmapPS.Core.Tests.Kernel;

/// <summary>altmap_alloc_block_buf's nr_align rule (docs/kernel-model.md#altmap_alloc_block_buf) and the nvdimm PFN geometry (docs/kernel-model.md#nd_pfn_init).</summary>
public class AltmapArithmeticTests
{
    private const ulong Start = 0x400_0000_0000UL;

    /// <summary>
    /// A Generic device with an explicit altmap: the first PMD block starts at the next 512-pfn boundary
    /// after base + reserve; the skipped pfns are counted in align and never reused.
    ///
    ///   pfn: base        base+reserve   ALIGN(.., 512)
    ///        |--reserve--|---padding----|block 0 (512)|block 1|...|block 7|
    /// </summary>
    [Theory]
    [InlineData(0UL)]
    [InlineData(2UL)]
    [InlineData(100UL)]
    [InlineData(511UL)]
    [InlineData(512UL)]
    [InlineData(513UL)]
    public void FirstPmdBlock_IsPaddedToA512PfnBoundary(ulong reserve)
    {
        var rig = KernelRig.Boot(version: "5.9");
        RefGeometry g = rig.G;
        ulong size = ByteSize.GiB;
        ulong basePfn = Start / g.PageSize;
        ulong pfnsPerBlock = g.PmdSize / g.PageSize;
        ulong blocks = g.MemmapBytes(size) / g.PmdSize;
        var probe = new RefAltmap(basePfn, reserve, ulong.MaxValue / 2);
        ulong firstPfn = probe.AllocBlock(pfnsPerBlock)!.Value;
        for (ulong i = 1; i < blocks; i++)
        {
            probe.AllocBlock(pfnsPerBlock);
        }

        ulong exactFree = probe.Alloc + probe.Align;
        ulong padding = RefGeometry.AlignUp(basePfn + reserve, pfnsPerBlock) - (basePfn + reserve);

        HotplugResult r = rig.Add(KernelRig.Generic("cxl0", Start, size, reservePages: reserve, freePages: exactFree));

        Assert.True(r.Success, r.Message);
        VmemAltmapInfo info = rig.Machine.GetAltmap("cxl0")!;
        Assert.Equal(padding, info.Align);
        Assert.Equal(blocks * pfnsPerBlock, info.Alloc);
        Assert.Equal(0UL, info.FreeRemaining);
        Assert.Equal(basePfn + reserve + padding, firstPfn);
        Assert.Equal(firstPfn * g.PageSize, rig.Machine.GetVmemmapMappings("cxl0")[0].PhysAddr);
        Assert.Equal(MemmapLocation.Device, r.DeviceMemory!.MemmapLocation);
    }

    /// <summary>
    /// The worked example of docs/kernel-model.md#nd_pfn_init: 16 GiB namespace, 4K pages, align 2 MiB.
    ///   npfns = (16G - 8K) / 4K; page_map = 64 * npfns; offset = ALIGN(8K + page_map, 2M) (= 258 MiB)
    ///   reserve = 8K / 4K (= 2); free = (offset - 8K) / 4K (= 66,046)
    /// The memmap (256 MiB = 128 PMD blocks = 65,536 pfns) plus the first block's padding fills free exactly.
    /// </summary>
    [Theory]
    [InlineData("5.9")]
    [InlineData("5.12")]
    [InlineData("6.6")]
    [InlineData("6.14")]
    public void NvdimmWorkedExample_AltmapIsUsedExactly(string version)
    {
        var rig = KernelRig.Boot(version: version);
        RefGeometry g = rig.G;
        ulong size = 16 * ByteSize.GiB;
        ulong align = 2 * ByteSize.MiB;
        ulong npfns = (size - 8 * ByteSize.KiB) / g.PageSize;
        ulong offset = RefGeometry.AlignUp(Start + 8 * ByteSize.KiB + 64 * npfns, align) - Start;
        ulong reserve = 8 * ByteSize.KiB / g.PageSize;
        ulong free = (offset - 8 * ByteSize.KiB) / g.PageSize;
        var nd = new RefNvdimmPfn(g, Start, size, mapDev: true, requestedAlign: align);
        Assert.Equal(reserve, nd.ReservePfns);
        Assert.Equal(free, nd.FreePfns);
        ulong memmapPfns = g.MemmapBytes(size) / g.PageSize;
        ulong pfnsPerBlock = g.PmdSize / g.PageSize;
        ulong padding = RefGeometry.AlignUp(Start / g.PageSize + reserve, pfnsPerBlock) - (Start / g.PageSize + reserve);

        SizingRow estimate = VmemmapSizing.Estimate(size, g.PageSize, altmap: true, align: align, kernelVersion: version);
        Assert.Equal(reserve, estimate.AltmapReservePages);
        Assert.Equal(free, estimate.AltmapFreePages);
        Assert.Equal(size - offset, estimate.UsableBytes);
        Assert.Equal(g.MemmapBytes(size), estimate.VmemmapBytes);

        HotplugResult r = rig.Add(KernelRig.FsDax("pmem0", Start, size, altmap: true, align: align));

        Assert.True(r.Success, r.Message);
        VmemAltmapInfo info = rig.Machine.GetAltmap("pmem0")!;
        Assert.Equal(reserve, info.Reserve);
        Assert.Equal(free, info.Free);
        Assert.Equal(memmapPfns, info.Alloc);
        Assert.Equal(padding, info.Align);
        Assert.Equal(info.Free, info.Alloc + info.Align);
        Assert.Equal(0UL, info.FreeRemaining);
        Assert.Equal(size - offset, r.DeviceMemory!.UsableBytes);
        Assert.Equal(align, r.DeviceMemory.Align);
    }

    /// <summary>
    /// nd_pfn_init sizes free for a PMD-aligned memmap, but a namespace only has to be 2 MiB aligned. Started
    /// 2 MiB past a section boundary, its memmap begins 32 KiB into a PMD and touches one PMD block more:
    ///
    ///   memmap VA: |PMD 0: [32K .. 2M)|PMD 1|...|PMD 127|PMD 128: [0 .. 32K)|   = 129 blocks, free has room for 128
    ///
    ///   v5.9/v6.6: the last block does not fit -> -ENOMEM (v5.12's basepage fallback also finds 0 pfns left).
    ///   v6.14: the partial first/last sections are populated with base pages (no padding) -> it fits.
    /// </summary>
    [Theory]
    [InlineData("5.9", false)]
    [InlineData("5.12", false)]
    [InlineData("6.6", false)]
    [InlineData("6.14", true)]
    public void NvdimmStartedOneSubsectionPastASection_NeedsOneBlockMoreThanFree(string version, bool fits)
    {
        var rig = KernelRig.Boot(version: version);
        RefGeometry g = rig.G;
        ulong size = 16 * ByteSize.GiB;
        ulong start = Start + g.SubsectionSize;
        var nd = new RefNvdimmPfn(g, start, size, mapDev: true);
        ulong pfnsPerBlock = g.PmdSize / g.PageSize;
        ulong vaStart = rig.Ref.StructPageVa(start);
        ulong vaEnd = rig.Ref.StructPageVa(start + size);
        ulong blocksTouched = ((vaEnd - 1) / g.PmdSize) - (vaStart / g.PmdSize) + 1;
        var altmap = new RefAltmap(nd.BasePfn, nd.ReservePfns, nd.FreePfns);
        if (fits)
        {
            // v6.14: sub-section chunks (first and last) -> PAGE_SIZE allocations; full sections -> PMD blocks.
            ulong firstChunkEnd = RefGeometry.AlignUp(start, g.SectionSize);
            ulong lastChunkStart = RefGeometry.AlignDown(start + size, g.SectionSize);
            ulong headPages = (rig.Ref.StructPageVa(firstChunkEnd) - vaStart) / g.PageSize;
            ulong fullSections = (lastChunkStart - firstChunkEnd) / g.SectionSize;
            ulong tailPages = (vaEnd - rig.Ref.StructPageVa(lastChunkStart)) / g.PageSize;
            for (ulong i = 0; i < headPages; i++)
            {
                Assert.NotNull(altmap.AllocBlock(1));
            }

            for (ulong i = 0; i < fullSections * g.MemmapBytes(g.SectionSize) / g.PmdSize; i++)
            {
                Assert.NotNull(altmap.AllocBlock(pfnsPerBlock));
            }

            for (ulong i = 0; i < tailPages; i++)
            {
                Assert.NotNull(altmap.AllocBlock(1));
            }
        }
        else
        {
            Assert.True(blocksTouched * pfnsPerBlock > nd.FreePfns);
            for (ulong i = 0; i + 1 < blocksTouched; i++)
            {
                Assert.NotNull(altmap.AllocBlock(pfnsPerBlock));
            }

            Assert.Null(altmap.AllocBlock(pfnsPerBlock));
            Assert.Equal(0UL, altmap.NrFree);                  // nothing left for a basepage fallback either
        }

        HotplugResult r = rig.Add(KernelRig.FsDax("pmem0", start, size, altmap: true));

        Assert.Equal(fits, r.Success);
        if (fits)
        {
            VmemAltmapInfo info = rig.Machine.GetAltmap("pmem0")!;
            Assert.Equal(altmap.Alloc, info.Alloc);
            Assert.Equal(altmap.Align, info.Align);
            Assert.Equal(g.MemmapBytes(size) / g.PageSize, info.Alloc);
            Assert.Empty(rig.Machine.CheckInvariants());
        }
        else
        {
            Assert.Equal(-12, r.Errno);
            Assert.True(r.LeftState);                          // earlier chunks keep their blocks
            Assert.Equal((long)altmap.Alloc, rig.NetPages("pmem0", AllocationSource.Altmap, PagePurpose.VmemmapData));
        }
    }

    /// <summary>Measure-Vmemmap without a machine agrees with nd_pfn_init for every granule and both map modes.</summary>
    [Theory]
    [InlineData(4096UL, true, "5.9")]
    [InlineData(4096UL, false, "6.6")]
    [InlineData(16384UL, true, "5.12")]
    [InlineData(16384UL, false, "6.14")]
    [InlineData(65536UL, true, "6.6")]
    [InlineData(65536UL, false, "5.9")]
    public void Estimate_MatchesTheNvdimmGeometry(ulong pageSize, bool altmap, string version)
    {
        var g = new RefGeometry(pageSize, 48, version);
        ulong size = 256 * ByteSize.GiB;
        var nd = new RefNvdimmPfn(g, 0, size, mapDev: altmap);

        SizingRow row = VmemmapSizing.Estimate(size, pageSize, altmap, kernelVersion: version);

        Assert.Equal(g.MemmapBytes(nd.RangeSize), row.VmemmapBytes);
        Assert.Equal(nd.UsableBytes, row.UsableBytes);
        Assert.Equal(nd.Align, row.Align);
        Assert.Equal(altmap ? MemmapLocation.Device : MemmapLocation.SystemRam, row.MemmapLocation);
        if (altmap)
        {
            Assert.Equal(nd.ReservePfns, row.AltmapReservePages);
            Assert.Equal(nd.FreePfns, row.AltmapFreePages);
        }

        // RAM pays the memmap only without altmap; tables always. rodata_full (default): >= one PTE table per PMD_SIZE.
        Assert.Equal(row.VmemmapPageTablePages * pageSize, row.VmemmapPageTableBytes);
        Assert.Equal((altmap ? 0 : row.VmemmapBytes) + row.VmemmapPageTableBytes + row.LinearMapPageTableBytes, row.SystemRamUsedBytes);
        Assert.True(row.LinearMapPageTableBytes >= nd.RangeSize / g.PmdSize * pageSize);
        Assert.True(row.VmemmapPageTablePages >= g.MemmapBytes(nd.RangeSize) / (pageSize == 4096 ? g.PmdSize * g.PtrsPerTable : pageSize * g.PtrsPerTable));
    }

    /// <summary>
    /// align=PAGE_SIZE is one of nd_pfn_supported_alignments, but nd_pfn_init uses
    /// max(nd_pfn->align, memremap_compat_align()) = 2 MiB, so on 16K/64K the data offset shrinks from a PMD
    /// (32 MiB / 512 MiB) to the next 2 MiB boundary after the memmap.
    /// </summary>
    [Theory]
    [InlineData(4096UL)]
    [InlineData(16384UL)]
    [InlineData(65536UL)]
    public void PageSizeAlign_IsRaisedToTheSubsectionSize(ulong pageSize)
    {
        var rig = KernelRig.Boot(pageSize: pageSize, version: "6.6");
        RefGeometry g = rig.G;
        ulong size = 64 * ByteSize.GiB;
        var nd = new RefNvdimmPfn(g, Start, size, mapDev: true, requestedAlign: pageSize);
        Assert.Equal(g.SubsectionSize, nd.Align);

        HotplugResult r = rig.Add(KernelRig.FsDax("pmem0", Start, size, altmap: true, align: pageSize));

        Assert.True(r.Success, r.Message);
        Assert.Equal(nd.UsableBytes, r.DeviceMemory!.UsableBytes);
        Assert.Equal(nd.FreePfns, rig.Machine.GetAltmap("pmem0")!.Free);
        Assert.Equal(nd.ReservePfns, rig.Machine.GetAltmap("pmem0")!.Reserve);
    }
}
