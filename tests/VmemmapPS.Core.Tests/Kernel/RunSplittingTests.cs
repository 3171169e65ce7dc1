using System.Collections.Generic;
using System.Linq;
using VmemmapPS.Reference;
using VmemmapPS.Core.Units;
using Xunit;

namespace VmemmapPS.Core.Tests.Kernel;

/// <summary>
/// The vmemmap of a 16K map=mem device is one run of base-page PTEs backed by consecutive buddy pages, filled and
/// freed as a run. These tests cut into such runs and check that every PTE a walker sees is the one the
/// per-entry kernel loop (vmemmap_populate_basepages / unmap_hotplug_pte_range) would have left.
/// </summary>
public class RunSplittingTests
{
    private const ulong Start = 8 * ByteSize.TiB;   // memmap VA 32 GiB into the vmemmap: PTE-table aligned
    private const ulong Size = ByteSize.GiB;

    private static (KernelRig Rig, RefGeometry G, ulong SectionPages) AddMapMem()
    {
        var rig = KernelRig.Boot(pageSize: 16384, version: "6.6");
        Assert.True(rig.Add(KernelRig.FsDax("pmem0", Start, Size, altmap: false)).Success);
        RefGeometry g = rig.G;
        return (rig, g, g.MemmapBytes(g.SectionSize) / g.PageSize);
    }

    /// <summary>Physical page behind the struct page of every page frame of each section (null when unmapped).</summary>
    private static List<ulong?> StructPagePas(KernelRig rig, ulong sections)
    {
        var pas = new List<ulong?>();
        for (ulong s = 0; s < sections; s++)
        {
            for (ulong p = 0; p < rig.G.MemmapBytes(rig.G.SectionSize); p += rig.G.PageSize)
            {
                pas.Add(rig.Machine.TranslateVirtual(rig.Ref.StructPageVa(Start + s * rig.G.SectionSize) + p));
            }
        }

        return pas;
    }

    /// <summary>
    /// Remove-Vmemmap of whole sections at the front, in the middle and at the end of the run: exactly those
    /// sections' PTEs go (section_deactivate -> vmemmap_free of that chunk), their data pages return to the buddy
    /// allocator, the PTE table stays (it still maps the rest), and every other PTE still points at its page.
    /// </summary>
    [Theory]
    [InlineData(0, 3)]   // a prefix of the run
    [InlineData(3, 1)]   // a hole in the middle splits it in two
    [InlineData(5, 3)]   // a suffix
    public void RemoveVmemmapOfSections_SplitsTheRunAndFreesExactlyThosePages(int first, int count)
    {
        (KernelRig rig, RefGeometry g, ulong sectionPages) = AddMapMem();
        ulong sections = Size / g.SectionSize;
        List<ulong?> before = StructPagePas(rig, sections);
        ulong freeBefore = rig.Machine.SystemRamFreeBytes;

        HotplugResult r = rig.Machine.RemoveVmemmap(Start + (ulong)first * g.SectionSize, (ulong)count * g.SectionSize, null);

        Assert.True(r.Success, r.Message);
        Assert.Equal(freeBefore + (ulong)count * sectionPages * g.PageSize, rig.Machine.SystemRamFreeBytes);
        Assert.Equal((sections - (ulong)count) * sectionPages, rig.LeafEntries("pmem0", 3));
        List<ulong?> after = StructPagePas(rig, sections);
        for (int i = 0; i < after.Count; i++)
        {
            bool removed = i / (int)sectionPages >= first && i / (int)sectionPages < first + count;
            Assert.Equal(removed ? null : before[i], after[i]);
        }

        Assert.Empty(rig.Machine.CheckInvariants());
    }

    /// <summary>
    /// A partial remove inside one section: one sub-section of a middle section. Its struct pages fill whole
    /// 16K vmemmap pages (2M / 16K * 64 B = 8K, half a page), so unmap_hotplug_pte_range clears the one PTE holding
    /// them and frees its page, though the other half still describes present pfns: the sub-section removal flaw,
    /// which the invariant checker names.
    /// </summary>
    [Fact]
    public void RemoveVmemmapOfOneSubsection_ClearsThePteHoldingItInsideTheRun()
    {
        (KernelRig rig, RefGeometry g, ulong sectionPages) = AddMapMem();
        ulong sections = Size / g.SectionSize;
        ulong at = Start + 2 * g.SectionSize + 4 * g.SubsectionSize;
        ulong va = rig.Ref.StructPageVa(at);
        ulong pteVa = RefGeometry.AlignDown(va, g.PageSize);
        ulong? neighbour = rig.Machine.TranslateVirtual(pteVa + g.PageSize);
        ulong freeBefore = rig.Machine.SystemRamFreeBytes;

        HotplugResult r = rig.Machine.RemoveVmemmap(at, g.SubsectionSize, null);

        Assert.True(r.Success, r.Message);
        ulong pages = RefGeometry.AlignUp(g.MemmapBytes(g.SubsectionSize), g.PageSize) / g.PageSize;
        Assert.Equal(freeBefore + pages * g.PageSize, rig.Machine.SystemRamFreeBytes);
        Assert.Equal(sections * sectionPages - pages, rig.LeafEntries("pmem0", 3));
        Assert.Null(rig.Machine.TranslateVirtual(pteVa));
        Assert.Equal(neighbour, rig.Machine.TranslateVirtual(pteVa + g.PageSize));
        Assert.Contains(rig.Machine.CheckInvariants(), f => f.Check == "MemmapMapped");
    }

    /// <summary>
    /// The Nth order-0 allocation fails while a section's data pages are being handed out: the pages before it
    /// were taken as a run, the failing one is the Nth exactly (tables counted too), section_activate undoes only
    /// that section, and the earlier section stays (no rollback in __add_pages).
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(10)]
    public void FaultInTheMiddleOfARun_FailsTheNthPageAndKeepsTheEarlierSection(int pageInSection)
    {
        var rig = KernelRig.Boot(pageSize: 16384, version: "6.6");
        RefGeometry g = rig.G;
        ulong sectionPages = g.MemmapBytes(g.SectionSize) / g.PageSize;
        int linearTables = rig.Ref.NewLinearTables(Start, Size);
        int vmemmapTables = rig.Ref.VmemmapTables(Start, g.SectionSize, 3).Except(rig.Ref.BootVmemmap).Count;
        Assert.Equal(vmemmapTables, rig.Ref.VmemmapTables(Start, Size, 3).Except(rig.Ref.BootVmemmap).Count);
        ulong freeBefore = rig.Machine.SystemRamFreeBytes;

        // linear-map tables, then the vmemmap tables and the first section's pages, then the second section's
        rig.Machine.InjectFailure(new FaultSpec { Nth = linearTables + vmemmapTables + (long)sectionPages + pageInSection, Order = 0 });
        HotplugResult r = rig.Add(KernelRig.FsDax("pmem0", Start, Size, altmap: false));

        Assert.False(r.Success);
        Assert.Equal(-12, r.Errno);
        Assert.True(r.LeftState);
        Assert.Equal(sectionPages, rig.LeafEntries("pmem0", 3));
        Assert.Equal(freeBefore - ((ulong)vmemmapTables + sectionPages) * g.PageSize, rig.Machine.SystemRamFreeBytes);
        Assert.Single(rig.Machine.Allocations, e => e.Failed && e.Order == 0);
        Assert.NotNull(rig.Machine.TranslateVirtual(rig.Ref.StructPageVa(Start + g.SectionSize) - g.PageSize));
        Assert.Null(rig.Machine.TranslateVirtual(rig.Ref.StructPageVa(Start + g.SectionSize)));
    }

    /// <summary>
    /// 4K map=dev on 6.14: eight 128 MiB sections, each one PMD block from the altmap, stored as one run of
    /// sections and one run of PMD entries. Remove-Vmemmap of the fourth section (with the altmap) splits both:
    /// exactly its block goes and vmem_altmap_free takes 512 pfns off altmap->alloc; the other seven keep their
    /// blocks. Removing the device then tears down the seven and hits WARN_ON_ONCE(!valid_section) once for the
    /// fourth; alloc ends at 0 and RAM is back at its boot level.
    /// </summary>
    [Fact]
    public void RemoveVmemmapOfOneSectionOfASectionRun_SplitsItAndTheRestStillTearsDown()
    {
        var rig = KernelRig.Boot(pageSize: 4096, version: "6.14");
        RefGeometry g = rig.G;
        ulong sections = Size / g.SectionSize;
        ulong blockPfns = g.PmdSize / g.PageSize;
        Assert.True(rig.Add(KernelRig.FsDax("pmem0", Start, Size, altmap: true)).Success);
        var before = new List<ulong?>();
        for (ulong s = 0; s < sections; s++)
        {
            before.Add(rig.Machine.TranslateVirtual(rig.Ref.StructPageVa(Start + s * g.SectionSize)));
        }

        ulong allocBefore = rig.Machine.GetAltmap("pmem0")!.Alloc;
        Assert.Equal(sections * g.MemmapBytes(g.SectionSize) / g.PageSize, allocBefore);

        HotplugResult r = rig.Machine.RemoveVmemmap(Start + 3 * g.SectionSize, g.SectionSize, "pmem0");

        Assert.True(r.Success, r.Message);
        Assert.Equal(allocBefore - blockPfns, rig.Machine.GetAltmap("pmem0")!.Alloc);
        Assert.Equal(sections - 1, rig.LeafEntries("pmem0", 2));
        for (ulong s = 0; s < sections; s++)
        {
            Assert.Equal(s == 3 ? null : before[(int)s], rig.Machine.TranslateVirtual(rig.Ref.StructPageVa(Start + s * g.SectionSize)));
        }

        Assert.Empty(rig.Machine.CheckInvariants());

        HotplugResult removed = rig.Machine.RemoveDevice("pmem0");

        Assert.True(removed.Success, removed.Message);
        Assert.Equal(1, removed.Warnings.Where(w => w.Function == "__remove_section").Sum(w => w.Count));
        Assert.DoesNotContain(removed.Warnings, w => w.Function == "memunmap_pages");
        rig.AssertRamBackToBoot();
        Assert.Empty(rig.Machine.CheckInvariants());
    }
}
