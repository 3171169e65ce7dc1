using System.Linq;
using VmemmapPS.Core.Units;
using VmemmapPS.Reference;
using Xunit;

namespace VmemmapPS.Core.Tests.Kernel;

/// <summary>
/// docs/kernel-model.md#subsection-removal-bug (d4234d131b0a, "Populate vmemmap at the page level if not section aligned"): two 64 MiB devices in one
/// 128 MiB section on 4K.
///
///   phys:     S                S+64M              S+128M
///             |----- A --------|------ B ---------|
///   memmap:   [ A: 1 MiB       | B: 1 MiB         ]   = exactly one 2 MiB PMD block of VA
///
///   v6.6:  A's populate maps the whole PMD block (2 MiB from RAM); B finds the PMD present
///          (vmemmap_check_pmd returns 1) and allocates nothing; removing A unmaps the block -> B's
///          struct pages are gone.
///   v6.14: sub-section ranges use base pages: A and B map 256 PTEs each in one PTE table; removing A
///          leaves B mapped and the PTE table in place.
/// </summary>
public class SubsectionTests
{
    [Theory]
    [InlineData("5.9", false)]    // 1 GiB sections: same sharing of one PMD block
    [InlineData("5.12", false)]
    [InlineData("6.6", false)]
    [InlineData("6.14", true)]
    public void TwoDevicesInOneSection_RemovingTheFirst_UnmapsTheSecondBeforeTheFix(string version, bool fixedKernel)
    {
        var rig = KernelRig.Boot(version: version);
        RefGeometry g = rig.G;
        ulong half = 64 * ByteSize.MiB;
        ulong a = 0x400_0000_0000UL;
        ulong b = a + half;
        Assert.Equal(rig.Ref.StructPageVa(a) / g.PmdSize, rig.Ref.StructPageVa(b) / g.PmdSize);   // one PMD block
        ulong halfMemmapPages = g.MemmapBytes(half) / g.PageSize;      // 256 pages each

        Assert.True(rig.Add(KernelRig.Generic("A", a, half)).Success);
        Assert.True(rig.Add(KernelRig.Generic("B", b, half)).Success);

        long pagesA = rig.NetPages("A", AllocationSource.SystemRam, PagePurpose.VmemmapData);
        long pagesB = rig.NetPages("B", AllocationSource.SystemRam, PagePurpose.VmemmapData);
        if (fixedKernel)
        {
            Assert.Equal((long)halfMemmapPages, pagesA);
            Assert.Equal((long)halfMemmapPages, pagesB);
            Assert.Equal(halfMemmapPages, rig.LeafEntries("A", 3));
            Assert.Equal(halfMemmapPages, rig.LeafEntries("B", 3));
        }
        else
        {
            Assert.Equal((long)(g.PmdSize / g.PageSize), pagesA);      // the whole block for half a section
            Assert.Equal(0, pagesB);
            Assert.Equal(1UL, rig.LeafEntries("A", 2));
        }

        ulong structPageOfB = rig.Ref.StructPageVa(b);
        Assert.NotNull(rig.Machine.TranslateVirtual(structPageOfB));

        HotplugResult r = rig.Machine.RemoveDevice("A");

        Assert.True(r.Success, r.Message);
        if (fixedKernel)
        {
            Assert.NotNull(rig.Machine.TranslateVirtual(structPageOfB));
            Assert.Equal(halfMemmapPages, rig.LeafEntries("B", 3));
            Assert.Empty(rig.Machine.CheckInvariants());
        }
        else
        {
            Assert.Null(rig.Machine.TranslateVirtual(structPageOfB));
            Assert.Null(rig.Machine.TranslateVirtual(rig.Ref.StructPageVa(b + half - g.PageSize)));
            Assert.Contains(rig.Machine.CheckInvariants(), f => f.Check == "MemmapMapped" && f.Device == "B");
        }

        // B's teardown finds nothing (v6.6) or its own PTEs (v6.14); either way nothing is freed twice.
        Assert.True(rig.Machine.RemoveDevice("B").Success);
        rig.AssertRamBackToBoot();
        Assert.Empty(rig.Machine.CheckInvariants());
    }

    /// <summary>
    /// 16K/64K: a subsection's memmap (2 MiB / PAGE_SIZE * 64 = 8 KiB / 2 KiB) is smaller than a page, so two
    /// adjacent 2 MiB devices share one vmemmap page. unmap_hotplug_pte_range frees every PTE touching the removed
    /// range (docs/kernel-model.md#unmap_hotplug_range), so removing A frees the page that still holds B's struct pages. The 2025 fix only changed
    /// 4K PMD population; nothing guards this on any profile.
    ///
    ///   vmemmap page (PAGE_SIZE):  [A: 2M/PAGE_SIZE*64 B][B: same][ ...unused... ]
    /// </summary>
    [Theory]
    [InlineData(16384UL, "6.14")]
    [InlineData(65536UL, "6.14")]
    [InlineData(65536UL, "5.9")]
    public void SubsectionDevicesSharingAVmemmapPage_RemovingOneUnmapsTheOther(ulong pageSize, string version)
    {
        var rig = KernelRig.Boot(pageSize: pageSize, version: version);
        RefGeometry g = rig.G;
        ulong a = 0x400_0000_0000UL;
        ulong b = a + g.SubsectionSize;
        ulong structPageOfB = rig.Ref.StructPageVa(b);
        Assert.True(g.MemmapBytes(g.SubsectionSize) < g.PageSize);
        Assert.Equal(rig.Ref.StructPageVa(a) / g.PageSize, structPageOfB / g.PageSize);   // same vmemmap page

        Assert.True(rig.Add(KernelRig.Generic("A", a, g.SubsectionSize)).Success);
        Assert.True(rig.Add(KernelRig.Generic("B", b, g.SubsectionSize)).Success);

        Assert.Equal(1, rig.NetPages("A", AllocationSource.SystemRam, PagePurpose.VmemmapData));
        Assert.Equal(0, rig.NetPages("B", AllocationSource.SystemRam, PagePurpose.VmemmapData)); // PTE already present
        ulong? pageOfA = rig.Machine.TranslateVirtual(rig.Ref.StructPageVa(a));
        Assert.NotNull(pageOfA);
        Assert.Equal(pageOfA + (structPageOfB - rig.Ref.StructPageVa(a)), rig.Machine.TranslateVirtual(structPageOfB));

        Assert.True(rig.Machine.RemoveDevice("A").Success);

        Assert.Null(rig.Machine.TranslateVirtual(structPageOfB));
        Assert.Contains(rig.Machine.CheckInvariants(), f => f.Check == "MemmapMapped" && f.Device == "B");
    }

    /// <summary>
    /// The same bug with altmaps: both devices have their own altmap (reserve 0, free = one PMD block of pfns).
    ///   v6.6:  A's populate takes the whole PMD block from A's altmap; B allocates nothing. Removing B first
    ///          frees that block into B's altmap (B.alloc = 0 - 512, underflow) -> memunmap_pages
    ///          WARN_ONCE(pgmap->altmap.alloc), and A's struct pages are gone.
    ///   v6.14: each device maps its own 256 pages from its own altmap; removing B is clean.
    /// </summary>
    [Theory]
    [InlineData("5.9", false)]
    [InlineData("6.6", false)]
    [InlineData("6.14", true)]
    public void TwoAltmapDevicesInOneSection_RemovingTheSecondFreesIntoTheWrongAltmap(string version, bool fixedKernel)
    {
        var rig = KernelRig.Boot(version: version);
        RefGeometry g = rig.G;
        ulong half = 64 * ByteSize.MiB;
        ulong a = 0x400_0000_0000UL;
        ulong b = a + half;
        ulong blockPfns = g.PmdSize / g.PageSize;
        ulong halfMemmapPages = g.MemmapBytes(half) / g.PageSize;

        Assert.True(rig.Add(KernelRig.Generic("A", a, half, reservePages: 0, freePages: blockPfns)).Success);
        Assert.True(rig.Add(KernelRig.Generic("B", b, half, reservePages: 0, freePages: blockPfns)).Success);
        Assert.Equal(fixedKernel ? halfMemmapPages : blockPfns, rig.Machine.GetAltmap("A")!.Alloc);
        Assert.Equal(fixedKernel ? halfMemmapPages : 0UL, rig.Machine.GetAltmap("B")!.Alloc);

        HotplugResult r = rig.Machine.RemoveDevice("B");

        Assert.True(r.Success, r.Message);
        long freedIntoB = -rig.NetPages("B", AllocationSource.Altmap, PagePurpose.VmemmapData);
        if (fixedKernel)
        {
            Assert.Equal(0, freedIntoB);
            Assert.DoesNotContain(r.Warnings, w => w.Function == "memunmap_pages");
            Assert.NotNull(rig.Machine.TranslateVirtual(rig.Ref.StructPageVa(a)));
            Assert.Empty(rig.Machine.CheckInvariants());
        }
        else
        {
            Assert.Equal((long)blockPfns, freedIntoB);       // B's alloc went 0 -> -512
            Assert.Contains(r.Warnings, w => w.Function == "memunmap_pages");
            Assert.Null(rig.Machine.TranslateVirtual(rig.Ref.StructPageVa(a)));
            Assert.Contains(rig.Machine.CheckInvariants(), f => f.Check == "MemmapMapped" && f.Device == "A");
        }
    }
}
