using System.Linq;
using VmemmapPS.Core.Units;
using VmemmapPS.Reference;
using Xunit;

namespace VmemmapPS.Core.Tests.Kernel;

/// <summary>
/// -ENOMEM paths (docs/kernel-model.md#vmemmap_populate, docs/kernel-model.md#section_activate): failures are results, not exceptions, and the rollback is exactly the
/// kernel's: section_deactivate of the failing chunk only, then arch_add_memory's __remove_pgd_mapping.
/// </summary>
public class FailurePathTests
{
    private const ulong Start = 0x400_0000_0000UL;

    /// <summary>
    /// 4 GiB Generic device on v5.9 (1 GiB sections, 8 PMD blocks of memmap each), altmap sized for
    /// two sections plus three blocks:
    ///
    ///   section:   0          1          2          3
    ///   blocks:    [8 ok    ] [8 ok    ] [3 ok, 4th fails -> section_deactivate(section 2)]
    ///   after:     mapped     mapped     unmapped   never reached
    /// Sections 0 and 1 stay populated from the altmap with no device owning them (the kernel's leak).
    /// </summary>
    [Fact]
    public void AltmapTooSmall_Enomem_RollsBackOnlyTheFailingSection()
    {
        var rig = KernelRig.Boot(version: "5.9");
        RefGeometry g = rig.G;
        ulong size = 4 * ByteSize.GiB;
        ulong reserve = 2;
        ulong pfnsPerBlock = g.PmdSize / g.PageSize;
        ulong blocksPerSection = g.MemmapBytes(g.SectionSize) / g.PmdSize;
        var budget = new RefAltmap(Start / g.PageSize, reserve, ulong.MaxValue / 2);
        for (ulong i = 0; i < 2 * blocksPerSection + 3; i++)
        {
            budget.AllocBlock(pfnsPerBlock);
        }

        ulong free = budget.Alloc + budget.Align + (pfnsPerBlock - 1);    // one pfn short of the next block
        var altmap = new RefAltmap(Start / g.PageSize, reserve, free);
        ulong ok = 0;
        while (altmap.AllocBlock(pfnsPerBlock) != null)
        {
            ok++;
        }

        Assert.Equal(2 * blocksPerSection + 3, ok);
        ulong survivingSections = ok / blocksPerSection;
        ulong survivingMemmap = survivingSections * g.MemmapBytes(g.SectionSize);
        int keptTables = rig.Ref.VmemmapTables(Start, survivingSections * g.SectionSize).Except(rig.Ref.BootVmemmap).Count;
        ulong freeBefore = rig.Machine.SystemRamFreeBytes;

        HotplugResult r = rig.Add(KernelRig.Generic("cxl0", Start, size, reservePages: reserve, freePages: free));

        Assert.False(r.Success);
        Assert.Equal(-12, r.Errno);
        Assert.Equal("ENOMEM", r.ErrnoName);
        Assert.True(r.LeftState);
        Assert.DoesNotContain(rig.Machine.Devices, d => d.Name == "cxl0");

        // Earlier chunks keep their altmap blocks; the failing chunk's three blocks went back (alloc -= 512 each).
        Assert.Equal((long)(survivingMemmap / g.PageSize), rig.NetPages("cxl0", AllocationSource.Altmap, PagePurpose.VmemmapData));
        Assert.Equal(survivingSections * blocksPerSection, rig.LeafEntries("cxl0", 2));
        Assert.NotNull(rig.Machine.TranslateVirtual(rig.Ref.StructPageVa(Start)));
        Assert.Null(rig.Machine.TranslateVirtual(rig.Ref.StructPageVa(Start + survivingSections * g.SectionSize)));

        // arch_add_memory tore the whole linear map down again; only the surviving vmemmap tables remain.
        Assert.Null(rig.Machine.TranslateVirtual(rig.Ref.LinearVa(Start)));
        Assert.Equal(-(long)((ulong)keptTables * g.PageSize), r.SystemRamDeltaBytes);
        Assert.Equal(freeBefore - (ulong)keptTables * g.PageSize, rig.Machine.SystemRamFreeBytes);
        Assert.Contains(rig.Machine.CheckInvariants(), f => f.Device == "cxl0" || f.Message.Contains("cxl0"));
    }

    /// <summary>
    /// The third order-9 system-RAM allocation fails while populating a 1 GiB device without altmap:
    ///   v5.12 (128 MiB sections, one PMD per section): that PMD range falls back to 512 base pages + 1 PTE table.
    ///   v5.9 (1 GiB section): -ENOMEM; section_deactivate frees the two blocks already mapped; nothing is left.
    /// </summary>
    [Theory]
    [InlineData("5.12", true)]
    [InlineData("6.6", true)]     // vmemmap_populate_hugepages: no altmap -> basepage fallback
    [InlineData("6.14", true)]
    [InlineData("5.8", false)]    // the altmap is not passed on, and there is no fallback either
    [InlineData("5.9", false)]
    [InlineData("5.10", false)]
    public void InjectedPmdAllocationFailure_512FallsBackToBasepages_59Fails(string version, bool fallsBack)
    {
        var rig = KernelRig.Boot(version: version);
        RefGeometry g = rig.G;
        ulong size = ByteSize.GiB;
        int pmdOrder = g.PmdOrder;
        const long failingBlock = 3;
        ulong memmap = g.MemmapBytes(size);
        ulong blocks = memmap / g.PmdSize;
        ulong fallbackVa = rig.Ref.StructPageVa(Start) + (ulong)(failingBlock - 1) * g.PmdSize;
        TableSet expectedTables = rig.Ref.VmemmapTables(Start, size, 2)
            .Union(new TableSet(g).MapLeaves(fallbackVa, fallbackVa + g.PmdSize, 3))
            .Union(rig.Ref.LinearTables(Start, size));
        int newTables = expectedTables.Except(rig.Ref.BootTables).Count;
        ulong freeBefore = rig.Machine.SystemRamFreeBytes;

        rig.Machine.InjectFailure(new FaultSpec { Nth = failingBlock, Order = pmdOrder });
        HotplugResult r = rig.Add(KernelRig.Generic("gen0", Start, size));

        Assert.Contains(rig.Machine.Allocations, e => e.Failed && e.Order == pmdOrder && e.Source == AllocationSource.SystemRam);
        if (fallsBack)
        {
            Assert.True(r.Success, r.Message);
            Assert.Equal(blocks - 1, rig.LeafEntries("gen0", 2));
            Assert.Equal(g.PmdSize / g.PageSize, rig.LeafEntries("gen0", 3));
            // The 512 PTEs may be reported as several runs (base pages need not be physically contiguous).
            var ptes = rig.Machine.GetVmemmapMappings("gen0").Where(m => m.Level == 3).ToList();
            Assert.Equal(fallbackVa, ptes.First().VirtualAddress);
            Assert.Equal(g.PmdSize, ptes.Aggregate(0UL, (sum, m) => sum + m.Size));
            // Same struct-page bytes as before (7 blocks + 512 pages), plus the extra PTE table.
            Assert.Equal(-(long)(memmap + (ulong)newTables * g.PageSize), r.SystemRamDeltaBytes);
            Assert.Empty(rig.Machine.CheckInvariants());
        }
        else
        {
            Assert.False(r.Success);
            Assert.Equal(-12, r.Errno);
            Assert.False(r.LeftState);
            Assert.Empty(rig.Machine.GetVmemmapMappings("gen0"));
            Assert.Null(rig.Machine.TranslateVirtual(rig.Ref.LinearVa(Start)));
            Assert.Equal(0, r.SystemRamDeltaBytes);
            Assert.Equal(freeBefore, rig.Machine.SystemRamFreeBytes);
            Assert.Equal(0, rig.NetPages("gen0", AllocationSource.SystemRam, PagePurpose.VmemmapData));
            Assert.Empty(rig.Machine.CheckInvariants());
        }
    }

    /// <summary>
    /// One 128 MiB section (memmap = one PMD block = 512 pfns) with reserve 2 and free 512: the block would
    /// need 510 pfns of padding, so the PMD-sized altmap allocation fails, while 512 single pfns (no
    /// padding) fit exactly.
    ///   v5.12 arm64 loop: falls back to vmemmap_populate_basepages with the altmap -> success, PTE-mapped.
    ///   v6.6 vmemmap_populate_hugepages: "No fallback" with an altmap -> -ENOMEM, chunk rolled back.
    /// </summary>
    [Theory]
    [InlineData("5.12", true)]
    [InlineData("6.6", false)]
    public void AltmapWithoutRoomForPadding_512FallsBackToAltmapBasepages_66Fails(string version, bool fallsBack)
    {
        var rig = KernelRig.Boot(version: version);
        RefGeometry g = rig.G;
        ulong size = g.SectionSize;
        ulong memmapPfns = g.MemmapBytes(size) / g.PageSize;
        ulong reserve = 2;
        var altmap = new RefAltmap(Start / g.PageSize, reserve, memmapPfns);
        Assert.Null(altmap.AllocBlock(g.PmdSize / g.PageSize));
        for (ulong i = 0; i < memmapPfns; i++)
        {
            Assert.NotNull(altmap.AllocBlock(1));
        }

        int newTables = new TableSet(g).MapLeaves(rig.Ref.StructPageVa(Start), rig.Ref.StructPageVa(Start + size), 3)
            .Union(rig.Ref.LinearTables(Start, size)).Except(rig.Ref.BootTables).Count;
        ulong freeBefore = rig.Machine.SystemRamFreeBytes;

        HotplugResult r = rig.Add(KernelRig.Generic("cxl0", Start, size, reservePages: reserve, freePages: memmapPfns));

        if (fallsBack)
        {
            Assert.True(r.Success, r.Message);
            VmemAltmapInfo info = rig.Machine.GetAltmap("cxl0")!;
            Assert.Equal(altmap.Alloc, info.Alloc);
            Assert.Equal(altmap.Align, info.Align);
            Assert.Equal(memmapPfns, rig.LeafEntries("cxl0", 3));
            Assert.Equal(0UL, rig.LeafEntries("cxl0", 2));
            Assert.All(rig.Machine.GetVmemmapMappings("cxl0"), m => Assert.Equal(AllocationSource.Altmap, m.Backing));
            Assert.Equal(-(long)((ulong)newTables * g.PageSize), r.SystemRamDeltaBytes);
            Assert.Empty(rig.Machine.CheckInvariants());
        }
        else
        {
            Assert.False(r.Success);
            Assert.Equal(-12, r.Errno);
            Assert.False(r.LeftState);
            Assert.Empty(rig.Machine.GetVmemmapMappings("cxl0"));
            Assert.Equal(freeBefore, rig.Machine.SystemRamFreeBytes);
            Assert.Empty(rig.Machine.CheckInvariants());
        }
    }

    /// <summary>
    /// v5.12, one 128 MiB section, reserve 2, free = half the section's memmap: the PMD-sized altmap request fails,
    /// the basepage fallback maps half of the 512 pages from the altmap and then fails, and section_deactivate
    /// unmaps them again (vmem_altmap_free per PTE): -ENOMEM with nothing left behind.
    /// </summary>
    [Fact]
    public void BasepageFallbackRunsOutHalfway_512RollsTheSectionBack()
    {
        var rig = KernelRig.Boot(version: "5.12");
        RefGeometry g = rig.G;
        ulong size = g.SectionSize;
        ulong memmapPfns = g.MemmapBytes(size) / g.PageSize;
        var altmap = new RefAltmap(Start / g.PageSize, 2, memmapPfns / 2);
        Assert.Null(altmap.AllocBlock(g.PmdSize / g.PageSize));
        ulong mapped = 0;
        while (altmap.AllocBlock(1) != null)
        {
            mapped++;
        }

        Assert.True(mapped > 0 && mapped < memmapPfns);
        ulong freeBefore = rig.Machine.SystemRamFreeBytes;

        HotplugResult r = rig.Add(KernelRig.Generic("cxl0", Start, size, reservePages: 2, freePages: memmapPfns / 2));

        Assert.False(r.Success);
        Assert.Equal(-12, r.Errno);
        Assert.False(r.LeftState);
        var altmapEvents = rig.Machine.Allocations.Where(e => e.Device == "cxl0" && e.Source == AllocationSource.Altmap
            && e.Purpose == PagePurpose.VmemmapData && !e.Failed).ToList();
        Assert.Equal(mapped, altmapEvents.Where(e => e.Action == AllocationAction.Alloc).Aggregate(0UL, (s, e) => s + e.Pages));
        Assert.Equal(0, rig.NetPages("cxl0", AllocationSource.Altmap, PagePurpose.VmemmapData));
        Assert.Empty(rig.Machine.GetVmemmapMappings("cxl0"));
        Assert.Equal(freeBefore, rig.Machine.SystemRamFreeBytes);
        Assert.Empty(rig.Machine.CheckInvariants());
    }
}
