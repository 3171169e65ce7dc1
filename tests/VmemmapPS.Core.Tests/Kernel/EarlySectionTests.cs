using System.Linq;
using VmemmapPS.Core.Units;
using VmemmapPS.Reference;
using Xunit;

namespace VmemmapPS.Core.Tests.Kernel;

/// <summary>
/// section_activate's early-section shortcut (docs/kernel-model.md#section_activate): a sub-section add inside a
/// boot section reuses the memmap sparse_init already populated for the whole section, and section_deactivate
/// leaves it alone.
///
///   phys:  ... |==== RAM ====|-- device --|   one 128 MiB section (v6.6), RAM ends 64 MiB into it
///              ^section start              ^section end
/// </summary>
public class EarlySectionTests
{
    [Theory]
    [InlineData("6.6")]
    [InlineData("6.14")]
    public void DeviceInTheTailOfABootSection_ReusesTheBootMemmap(string version)
    {
        ulong half = 64 * ByteSize.MiB;
        var rig = KernelRig.Boot(version: version, ramSize: KernelRig.DramSize + half);
        RefGeometry g = rig.G;
        ulong start = KernelRig.DramBase + KernelRig.DramSize + half;
        Assert.Equal(0UL, (start + half) % g.SectionSize);          // device ends exactly at the early section's end
        int linearTables = rig.Ref.NewLinearTables(start, half);
        int vmemmapTables = rig.TableCount(PageTableRegion.Vmemmap);
        ulong? bootStructPage = rig.Machine.TranslateVirtual(rig.Ref.StructPageVa(start));
        Assert.NotNull(bootStructPage);                              // sparse_init mapped the whole section

        HotplugResult r = rig.Add(KernelRig.Generic("dev0", start, half));

        Assert.True(r.Success, r.Message);
        Assert.Empty(r.Warnings);                                    // nothing was walked, so nothing to warn about
        Assert.Equal(-(long)((ulong)linearTables * g.PageSize), r.SystemRamDeltaBytes);
        Assert.Equal(vmemmapTables, rig.TableCount(PageTableRegion.Vmemmap));
        Assert.Equal(0, rig.NetPages("dev0", AllocationSource.SystemRam, PagePurpose.VmemmapData));
        Assert.Equal(bootStructPage, rig.Machine.TranslateVirtual(rig.Ref.StructPageVa(start)));
        Assert.Empty(rig.Machine.CheckInvariants());

        HotplugResult removed = rig.Machine.RemoveDevice("dev0");

        Assert.True(removed.Success, removed.Message);
        Assert.Equal(bootStructPage, rig.Machine.TranslateVirtual(rig.Ref.StructPageVa(start)));
        rig.AssertRamBackToBoot();
        Assert.Empty(rig.Machine.CheckInvariants());
    }

    /// <summary>
    /// The shortcut returns before populate_section_memmap, so vmemmap_verify never sees the reused boot memmap: a
    /// device of a memory-less node gets no "potential offnode page_structs" warning although its struct pages sit
    /// in node 0's boot memmap. Every band has the shortcut (v5.3+).
    /// </summary>
    [Theory]
    [InlineData("5.9")]
    [InlineData("5.12")]
    [InlineData("6.6")]
    [InlineData("6.14")]
    public void DeviceOfAnotherNodeInABootSection_IsNotVerifiedAgainstTheBootMemmap(string version)
    {
        ulong half = new RefGeometry(4096, 48, version).SectionSize / 2;
        var rig = KernelRig.Boot(version: version, ramSize: KernelRig.DramSize + half, emptySecondNode: true);
        ulong start = KernelRig.DramBase + KernelRig.DramSize + half;

        HotplugResult r = rig.Add(KernelRig.Generic("dev1", start, half, node: 1));

        Assert.True(r.Success, r.Message);
        Assert.Empty(r.Warnings);
        Assert.Equal(0, rig.NetPages("dev1", AllocationSource.SystemRam, PagePurpose.VmemmapData));
        Assert.NotNull(rig.Machine.TranslateVirtual(rig.Ref.StructPageVa(start)));
    }

    /// <summary>
    /// Tearing down a whole boot section's memmap (Remove-Vmemmap on RAM, NULL altmap): section_deactivate takes
    /// the early-section branch, free_map_bootmem -> vmemmap_free, and every memblock-allocated block hits
    /// WARN_ON(PageReserved(page)) in free_hotplug_page_range; free_pages_prepare then rejects the reserved pages,
    /// so no RAM comes back and the pages are leaked. The PMD table still maps the other boot sections.
    /// </summary>
    [Fact]
    public void RemoveVmemmapOfABootSection_WarnsPageReservedPerBlockAndLeaks()
    {
        var rig = KernelRig.Boot(version: "5.9");
        RefGeometry g = rig.G;
        ulong lastSection = KernelRig.DramBase + KernelRig.DramSize - g.SectionSize;
        ulong blocks = g.MemmapBytes(g.SectionSize) / g.PmdSize;
        ulong freeBefore = rig.Machine.SystemRamFreeBytes;

        HotplugResult r = rig.Machine.RemoveVmemmap(lastSection, g.SectionSize, null);

        Assert.True(r.Success, r.Message);
        // one hit per block, stored as one record with that count
        Assert.Equal((long)blocks, r.Warnings.Where(w => w.Function == "free_hotplug_page_range" && w.Condition == "PageReserved(page)").Sum(w => w.Count));
        Assert.Equal(0, r.SystemRamDeltaBytes);
        Assert.Equal(freeBefore, rig.Machine.SystemRamFreeBytes);
        Assert.Null(rig.Machine.TranslateVirtual(rig.Ref.StructPageVa(lastSection)));
        Assert.NotNull(rig.Machine.TranslateVirtual(rig.Ref.StructPageVa(lastSection - g.PageSize)));
        Assert.Contains(rig.Machine.CheckInvariants(), f => f.Check == "Leak");
    }

    /// <summary>
    /// Remove-Vmemmap of every boot section: the boot memmap's PMD tables empty, free_empty_pmd_table frees them
    /// (pgtable_range_aligned passes inside the vmemmap window), and free_hotplug_page_range hits PageReserved on
    /// each: memblock gave them, so the pages stay reserved while no table holds them. The checker names exactly
    /// those table pages as leaked, and none of the linear map's, whose PTE tables (rodata_full) are kept as runs.
    /// </summary>
    [Fact]
    public void RemoveVmemmapOfAllBootSections_LeaksTheFreedBootTablesAndOnlyThem()
    {
        var rig = KernelRig.Boot(version: "5.9", rodataFull: true);
        RefGeometry g = rig.G;
        var own = rig.Ref.BootVmemmap.All.ToList();
        ulong start = rig.Ref.StructPageVa(KernelRig.DramBase), end = rig.Ref.StructPageVa(KernelRig.DramBase + KernelRig.DramSize);
        int freed = own.Count - TeardownRules.Kept(g, own, start, end, g.VmemmapStart, g.VmemmapEnd).Count;
        Assert.True(freed > 0);
        ulong blocks = g.MemmapBytes(KernelRig.DramSize) / g.PmdSize;

        HotplugResult r = rig.Machine.RemoveVmemmap(KernelRig.DramBase, KernelRig.DramSize, null);

        Assert.True(r.Success, r.Message);
        // every block and every freed table page hits WARN_ON(PageReserved(page)) in free_hotplug_page_range
        Assert.Equal((long)blocks + freed, r.Warnings.Where(w => w.Function == "free_hotplug_page_range" && w.Condition == "PageReserved(page)").Sum(w => w.Count));
        var leaks = rig.Machine.CheckInvariants().Where(f => f.Check == "Leak" && f.Message.Contains("Table page(s)")).ToList();
        Assert.Equal($"{freed} VmemmapTable page(s)", Assert.Single(leaks).Message.Split(" allocated")[0]);
    }
}
