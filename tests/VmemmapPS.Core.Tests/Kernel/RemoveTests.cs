using System.Linq;
using VmemmapPS.Core.Units;
using VmemmapPS.Reference;
using Xunit;

namespace VmemmapPS.Core.Tests.Kernel;

/// <summary>
/// memunmap_pages -> arch_remove_memory -> __remove_pages -> section_deactivate -> vmemmap_free, then
/// __remove_pgd_mapping (docs/kernel-model.md#teardown): data pages go back (buddy or altmap.alloc -= n), table pages are freed
/// only when empty and inside [floor, ceiling).
/// </summary>
public class RemoveTests
{
    [Theory]
    [InlineData(4096UL, true, 0x400_0000_0000UL, "5.9")]
    [InlineData(4096UL, false, 0x400_0000_0000UL, "5.9")]
    [InlineData(4096UL, true, 0x10_0000_0000UL, "5.9")]    // vmemmap shares the boot memmap's PMD table
    [InlineData(16384UL, true, 0x400_0000_0000UL, "5.9")]
    [InlineData(16384UL, false, 0x10_0000_0000UL, "5.9")]
    [InlineData(65536UL, true, 0x100_0000_0000UL, "5.9")]
    [InlineData(65536UL, false, 0x10_0000_0000UL, "5.9")]
    [InlineData(4096UL, true, 0x400_0000_0000UL, "5.8")]   // altmap ignored both ways: RAM in, RAM out
    [InlineData(65536UL, true, 0x100_0000_0000UL, "5.8")]
    [InlineData(4096UL, true, 0x2800_0000_0000UL, "6.14")]
    public void RemoveAfterAdd_ReturnsRamToBaseline_AltmapAllocZero(ulong pageSize, bool altmap, ulong start, string version)
    {
        var rig = KernelRig.Boot(pageSize: pageSize, version: version);
        ulong size = 64 * ByteSize.GiB;
        int vmemmapTables = rig.TableCount(PageTableRegion.Vmemmap);
        int linearTables = rig.TableCount(PageTableRegion.Linear);
        Assert.True(rig.Add(KernelRig.FsDax("pmem0", start, size, altmap)).Success);

        HotplugResult r = rig.Machine.RemoveDevice("pmem0");

        Assert.True(r.Success, r.Message);
        Assert.Empty(r.Warnings);
        rig.AssertRamBackToBoot();
        bool ramBacked = !altmap || version == "5.8";
        Assert.Equal((long)rig.Ref.NewTables(start, size) * (long)pageSize
            + (ramBacked ? (long)rig.G.MemmapBytes(size) : 0), r.SystemRamDeltaBytes);
        Assert.Equal(vmemmapTables, rig.TableCount(PageTableRegion.Vmemmap));
        Assert.Equal(linearTables, rig.TableCount(PageTableRegion.Linear));
        Assert.Equal(0, rig.NetPages("pmem0", AllocationSource.Altmap, PagePurpose.VmemmapData));     // altmap->alloc back to 0
        Assert.Equal(0, rig.NetPages("pmem0", AllocationSource.SystemRam, PagePurpose.VmemmapData));
        Assert.Empty(rig.Machine.GetVmemmapMappings("pmem0"));
        Assert.Empty(rig.Machine.Devices);
        Assert.Null(rig.Machine.TranslateVirtual(rig.Ref.StructPageVa(start)));
        Assert.Null(rig.Machine.TranslateVirtual(rig.Ref.LinearVa(start)));
        Assert.Empty(rig.Machine.CheckInvariants());
    }

    /// <summary>
    /// arch_add_memory maps the linear map before __add_pages populates the vmemmap; arch_remove_memory runs
    /// __remove_pages (vmemmap) before __remove_pgd_mapping (linear map). The allocation log keeps that order.
    /// </summary>
    [Fact]
    public void LinearMapIsBuiltFirstAndTornDownLast()
    {
        var rig = KernelRig.Boot(version: "5.9");
        ulong start = 0x400_0000_0000UL;
        Assert.True(rig.Add(KernelRig.FsDax("pmem0", start, 4 * rig.G.SectionSize, altmap: false)).Success);
        Assert.True(rig.Machine.RemoveDevice("pmem0").Success);

        var events = rig.Machine.Allocations.Where(e => e.Device == "pmem0" && !e.Failed).ToList();
        bool IsLinear(AllocationEvent e) => e.Purpose == PagePurpose.LinearMapTable;
        bool IsVmemmap(AllocationEvent e) => e.Purpose == PagePurpose.VmemmapData || e.Purpose == PagePurpose.VmemmapTable;
        var allocs = events.Where(e => e.Action == AllocationAction.Alloc).ToList();
        var frees = events.Where(e => e.Action == AllocationAction.Free).ToList();
        Assert.True(allocs.Where(IsLinear).Max(e => e.Sequence) < allocs.Where(IsVmemmap).Min(e => e.Sequence));
        Assert.True(frees.Where(IsVmemmap).Max(e => e.Sequence) < frees.Where(IsLinear).Min(e => e.Sequence));
    }

    [Fact]
    public void RemoveVmemmap_WhileRegistered_ReturnsAltmapAllocButNeverAlign()
    {
        var rig = KernelRig.Boot(version: "5.9");
        ulong start = 0x400_0000_0000UL;
        ulong size = 64 * ByteSize.GiB;
        int vmemmapTables = rig.TableCount(PageTableRegion.Vmemmap);
        Assert.True(rig.Add(KernelRig.FsDax("pmem0", start, size, altmap: true)).Success);
        ulong alignAfterAdd = rig.Machine.GetAltmap("pmem0")!.Align;

        HotplugResult r = rig.Machine.RemoveVmemmap(start, size, "pmem0");

        Assert.True(r.Success, r.Message);
        VmemAltmapInfo info = rig.Machine.GetAltmap("pmem0")!;
        Assert.Equal(0UL, info.Alloc);                 // vmem_altmap_free: alloc -= nr_pfns
        Assert.Equal(alignAfterAdd, info.Align);       // padding is never given back
        Assert.Equal(vmemmapTables, rig.TableCount(PageTableRegion.Vmemmap));
        Assert.Null(rig.Machine.TranslateVirtual(rig.Ref.StructPageVa(start)));
        Assert.Equal(start, rig.Machine.TranslateVirtual(rig.Ref.LinearVa(start)));
        Assert.Single(rig.Machine.Devices);
    }

    /// <summary>
    /// Direct teardown of one whole section's memmap, then the device's own removal: the emptied section is no
    /// longer valid (section_mem_map = 0), so __remove_section hits WARN_ON_ONCE(!valid_section(ms)) and skips it
    /// instead of freeing anything twice.
    ///
    ///   sections:  [0 mapped][1 torn down by RemoveVmemmap][2 mapped][3 mapped]   -> RemoveDevice -> all gone
    /// </summary>
    [Fact]
    public void RemoveVmemmapOfOneSection_ThenRemoveDevice_WarnsInvalidSection()
    {
        var rig = KernelRig.Boot(version: "5.9");
        RefGeometry g = rig.G;
        ulong start = 0x400_0000_0000UL;
        ulong size = 4 * g.SectionSize;
        Assert.True(rig.Add(KernelRig.FsDax("pmem0", start, size, altmap: true)).Success);
        ulong allocBefore = rig.Machine.GetAltmap("pmem0")!.Alloc;
        ulong sectionMemmapPfns = g.MemmapBytes(g.SectionSize) / g.PageSize;

        HotplugResult torn = rig.Machine.RemoveVmemmap(start + g.SectionSize, g.SectionSize, "pmem0");

        Assert.True(torn.Success, torn.Message);
        Assert.Equal(allocBefore - sectionMemmapPfns, rig.Machine.GetAltmap("pmem0")!.Alloc);
        Assert.Equal(3 * g.MemmapBytes(g.SectionSize) / g.PmdSize, rig.LeafEntries("pmem0", 2));
        Assert.Null(rig.Machine.TranslateVirtual(rig.Ref.StructPageVa(start + g.SectionSize)));
        Assert.NotNull(rig.Machine.TranslateVirtual(rig.Ref.StructPageVa(start + 2 * g.SectionSize)));

        HotplugResult removed = rig.Machine.RemoveDevice("pmem0");

        Assert.True(removed.Success, removed.Message);
        Assert.Contains(removed.Warnings, w => w.Function == "__remove_section" && w.Condition == "!valid_section(ms)");
        Assert.Equal(0, rig.NetPages("pmem0", AllocationSource.Altmap, PagePurpose.VmemmapData));
        Assert.Empty(rig.Machine.GetVmemmapMappings("pmem0"));
        rig.AssertRamBackToBoot();
    }

    /// <summary>
    /// Direct teardown of ONE subsection on 4K: its 32 KiB of memmap lies inside a PMD block, and the unmap walk
    /// frees whatever block covers any byte of the range, so 512 altmap pfns go back and 63 still-active
    /// subsections lose their struct pages. Removing the device then asks section_deactivate for the whole
    /// section, whose subsection map no longer matches: WARN "section already deactivated" and return, so the
    /// section's other 7 blocks are never freed and memunmap_pages WARNs that altmap.alloc != 0.
    ///
    ///   section 0 memmap:  [blk0: freed by RemoveVmemmap][blk1 .. blk7: leaked]   sections 1-3: freed normally
    /// </summary>
    [Fact]
    public void RemoveVmemmapOfOneSubsection_ThenRemoveDevice_LeaksTheRestOfThatSection()
    {
        var rig = KernelRig.Boot(version: "5.9");
        RefGeometry g = rig.G;
        ulong start = 0x400_0000_0000UL;
        ulong size = 4 * g.SectionSize;
        ulong blockPfns = g.PmdSize / g.PageSize;
        ulong physPerBlock = g.PmdSize / RefGeometry.StructPageSize * g.PageSize;   // 128 MiB of memory per block
        ulong leakedPfns = g.MemmapBytes(g.SectionSize) / g.PageSize - blockPfns;
        int keptTables = rig.Ref.VmemmapTables(start + physPerBlock, g.SectionSize - physPerBlock).Except(rig.Ref.BootVmemmap).Count;
        Assert.True(rig.Add(KernelRig.FsDax("pmem0", start, size, altmap: true)).Success);
        ulong allocBefore = rig.Machine.GetAltmap("pmem0")!.Alloc;

        HotplugResult torn = rig.Machine.RemoveVmemmap(start, g.SubsectionSize, "pmem0");

        Assert.True(torn.Success, torn.Message);
        Assert.Equal(allocBefore - blockPfns, rig.Machine.GetAltmap("pmem0")!.Alloc);
        Assert.Null(rig.Machine.TranslateVirtual(rig.Ref.StructPageVa(start + g.SubsectionSize)));  // still-active subsection 1
        Assert.Contains(rig.Machine.CheckInvariants(), f => f.Check == "MemmapMapped" && f.Device == "pmem0");

        HotplugResult removed = rig.Machine.RemoveDevice("pmem0");

        Assert.True(removed.Success, removed.Message);
        Assert.Contains(removed.Warnings, w => w.Message.Contains("already deactivated"));
        Assert.Contains(removed.Warnings, w => w.Function == "memunmap_pages");
        Assert.Equal((long)leakedPfns, rig.NetPages("pmem0", AllocationSource.Altmap, PagePurpose.VmemmapData));
        Assert.Equal(leakedPfns / blockPfns, rig.LeafEntries("pmem0", 2));
        rig.AssertRamBackToBoot((ulong)keptTables);
        Assert.NotEmpty(rig.Machine.CheckInvariants());
    }

    /// <summary>
    /// Two devices whose memmaps sit in the same vmemmap PMD table (and share the linear-map PUD table):
    ///
    ///   vmemmap PMD table (1 GiB of VA):  [ ..A memmap 16M.. | ..B memmap 16M.. |        free        ]
    ///   remove A: A's blocks freed, the PMD table kept (B still in it); remove B: the table goes too.
    /// </summary>
    [Theory]
    [InlineData("5.9")]
    [InlineData("6.6")]
    public void SharedTables_AreKeptUntilTheLastUserGoes(string version)
    {
        var rig = KernelRig.Boot(version: version);
        RefGeometry g = rig.G;
        ulong size = ByteSize.GiB;
        ulong a = 0x400_0000_0000UL + 2 * ByteSize.GiB;
        ulong b = a + size;
        TableSet tablesA = rig.Ref.DeviceTables(a, size);
        int freedWithA = tablesA.Except(rig.Ref.BootTables.Union(rig.Ref.DeviceTables(b, size))).Count;
        int sharedWithB = rig.Ref.NewTables(a, size) - freedWithA;
        Assert.True(sharedWithB > 0, "the placement must make A and B share at least one table");
        Assert.True(rig.Add(KernelRig.Generic("A", a, size)).Success);
        Assert.True(rig.Add(KernelRig.Generic("B", b, size)).Success);
        ulong freeBefore = rig.Machine.SystemRamFreeBytes;
        int tablesBefore = rig.Machine.GetTablePages().Count;

        HotplugResult ra = rig.Machine.RemoveDevice("A");

        Assert.True(ra.Success, ra.Message);
        Assert.Equal(tablesBefore - freedWithA, rig.Machine.GetTablePages().Count);
        Assert.Equal(freeBefore + g.MemmapBytes(size) + (ulong)freedWithA * g.PageSize, rig.Machine.SystemRamFreeBytes);
        Assert.NotNull(rig.Machine.TranslateVirtual(rig.Ref.StructPageVa(b)));
        Assert.Empty(rig.Machine.CheckInvariants());

        Assert.True(rig.Machine.RemoveDevice("B").Success);
        rig.AssertRamBackToBoot();
        Assert.Empty(rig.Machine.CheckInvariants());
    }

    /// <summary>
    /// A device at the very top of the linear map has its memmap at the very end of the VMEMMAP window.
    /// free_empty_tables only frees a table whose whole span lies inside [VMEMMAP_START, VMEMMAP_END):
    ///   v5.9:  VMEMMAP_END = -2 MiB, so on 4K the last PMD table [-1G, 0) and PUD table [-512G, 0) stay (leak);
    ///          on 16K/64K the last PTE table (and 16K's last PMD table) likewise.
    ///   v6.6:  VMEMMAP_END is aligned to every table span the device allocates, so everything is freed.
    ///
    ///   vmemmap: ... |<- last PUD table span ------------------------------->|
    ///                                     |<- last PMD table ->| device memmap |END| (2M guard on 5.9)
    /// </summary>
    [Theory]
    [InlineData(4096UL, "5.9")]
    [InlineData(4096UL, "6.6")]
    [InlineData(16384UL, "5.9")]    // the last PTE (32 MiB) and PMD (64 GiB) tables cross -2 MiB
    [InlineData(16384UL, "6.6")]
    [InlineData(65536UL, "5.9")]    // the last PTE table (512 MiB) crosses -2 MiB
    public void MemmapAtTheEndOfTheVmemmapWindow_TablesFollowTheCeilingRule(ulong pageSize, string version)
    {
        var rig = KernelRig.Boot(pageSize: pageSize, version: version);
        RefGeometry g = rig.G;
        ulong size = ByteSize.GiB;
        ulong start = rig.Ref.Memstart + (g.PageEnd - g.PageOffset) - size;   // last GiB of the linear map
        Assert.Equal(g.VmemmapEnd, rig.Ref.StructPageVa(start + size));
        var own = rig.Ref.VmemmapTables(start, size).Except(rig.Ref.BootVmemmap);
        var kept = TeardownRules.Kept(g, own, rig.Ref.StructPageVa(start), g.VmemmapEnd, g.VmemmapStart, g.VmemmapEnd);
        var keptLinear = TeardownRules.Kept(g, rig.Ref.LinearTables(start, size).Except(rig.Ref.BootLinear),
            rig.Ref.LinearVa(start), rig.Ref.LinearVa(start + size), g.PageOffset, g.PageEnd);
        Assert.Empty(keptLinear);
        Assert.Equal(version == "5.9", kept.Count > 0);   // the scenario exists to show the v5.9 ceiling leak
        int vmemmapTablesBefore = rig.TableCount(PageTableRegion.Vmemmap);

        Assert.True(rig.Add(KernelRig.Generic("top", start, size)).Success);
        int leaf = rig.Ref.FullSectionLeafLevel;
        Assert.Equal(g.MemmapBytes(size) / (leaf == 2 ? g.PmdSize : g.PageSize), rig.LeafEntries("top", leaf));
        HotplugResult r = rig.Machine.RemoveDevice("top");

        Assert.True(r.Success, r.Message);
        Assert.Empty(r.Warnings);
        rig.AssertRamBackToBoot((ulong)kept.Count);
        Assert.Equal(vmemmapTablesBefore + kept.Count, rig.TableCount(PageTableRegion.Vmemmap));
        if (kept.Count == 0)
        {
            Assert.Empty(rig.Machine.CheckInvariants());
        }
        else
        {
            Assert.Contains(rig.Machine.CheckInvariants(), f => f.Check == "Baseline");
        }
    }
}
