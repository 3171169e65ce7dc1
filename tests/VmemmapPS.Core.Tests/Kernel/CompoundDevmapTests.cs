using System.Linq;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Units;
using VmemmapPS.Reference;
using Xunit;

namespace VmemmapPS.Core.Tests.Kernel;

/// <summary>
/// Compound devmaps (device-dax map=mem with an align above PAGE_SIZE): from v5.17 the kernel keeps, per compound
/// page, the vmemmap page of the head and the first tail page and maps every further vmemmap page of that compound
/// onto the first tail page. arm64 loses the optimisation with the arch gate (v6.4; 6.3.5 and 6.1.185 in stable).
/// The expected numbers below come from that rule, written here from the page size, align and device size.
/// </summary>
public class CompoundDevmapTests
{
    private const ulong GiB = ByteSize.GiB;

    /// <summary>A section-aligned place far above RAM: the pgmap range starts at the namespace start, compound-aligned.</summary>
    private const ulong DeviceBase = 0x10_0000_0000UL;

    /// <summary>Vmemmap pages of one compound page, and how many the kernel keeps (head + first tail, when there are more than two).</summary>
    private static (ulong PerCompound, ulong Kept) CompoundMemmap(RefGeometry g, ulong align)
    {
        ulong perCompound = align / g.PageSize * RefGeometry.StructPageSize / g.PageSize;
        return (perCompound, perCompound > 2 ? 2 : perCompound);
    }

    private static DeviceSpec DevDax(string name, ulong start, ulong size, bool mapDev = false, ulong? align = null) =>
        new() { Name = name, Type = DeviceType.DevDax, Start = start, Size = size, Altmap = mapDev, Align = align };

    [Theory]
    [InlineData(4096UL, "5.17")]
    [InlineData(4096UL, "6.1")]
    [InlineData(4096UL, "6.3.4")]
    [InlineData(16384UL, "6.1")]
    [InlineData(65536UL, "6.1")]
    public void MapMem_KeepsTwoVmemmapPagesPerCompound_AndMapsTheRestOntoTheFirstTail(ulong pageSize, string version)
    {
        var rig = KernelRig.Boot(pageSize, version);
        RefGeometry g = rig.G;
        ulong size = 4 * GiB;
        var pfn = new RefNvdimmPfn(g, DeviceBase, size, mapDev: false);
        ulong align = g.PmdSize; // nd_pfn's default: HPAGE_PMD_SIZE
        Assert.Equal(0UL, pfn.RangeSize % align);
        ulong compounds = pfn.RangeSize / align;
        (ulong perCompound, ulong kept) = CompoundMemmap(g, align);

        Assert.True(rig.Add(DevDax("dax0", DeviceBase, size)).Success);

        UsageRow u = rig.Usage("dax0");
        Assert.Equal(compounds * kept * g.PageSize, u.VmemmapFromSystemRamBytes);
        Assert.Equal(compounds * (perCompound - kept) * g.PageSize, u.VmemmapReusedBytes);
        Assert.Equal(0UL, u.VmemmapFromAltmapBytes);

        // the mappings: every PTE is either an own page or a reused one, and together they cover the whole memmap
        var maps = rig.Machine.GetVmemmapMappings("dax0");
        Assert.All(maps, m => Assert.Equal(3, m.Level));
        Assert.Equal(compounds * (perCompound - kept), maps.Where(m => m.ReusedPage).Aggregate(0UL, (s, m) => s + m.Entries));
        Assert.Equal(g.MemmapBytes(pfn.RangeSize), maps.Aggregate(0UL, (s, m) => s + m.Size));
        // one row per compound for its reused PTEs: they map one page at consecutive addresses; the next compound's map another
        Assert.Equal(compounds, (ulong)maps.Count(m => m.ReusedPage));
        Assert.All(maps.Where(m => m.ReusedPage), m => Assert.Equal(perCompound - kept, m.Entries));
        Assert.Empty(rig.Machine.CheckInvariants());
    }

    [Theory]
    [InlineData(4096UL, "6.1")]
    [InlineData(16384UL, "6.1")]
    [InlineData(65536UL, "6.3")]
    [InlineData(4096UL, "6.6")]
    public void AddThenRemove_LeavesRamExactlyAsBefore(ulong pageSize, string version)
    {
        var rig = KernelRig.Boot(pageSize, version);
        ulong before = rig.Machine.SystemRamFreeBytes;

        Assert.True(rig.Add(DevDax("dax0", DeviceBase, 4 * GiB)).Success);
        Assert.True(rig.Machine.SystemRamFreeBytes < before);
        Assert.True(rig.Machine.RemoveDevice("dax0").Success);

        Assert.Equal(before, rig.Machine.SystemRamFreeBytes);
        rig.AssertRamBackToBoot();
        Assert.Empty(rig.Machine.CheckInvariants());
        Assert.Empty(rig.Machine.Warnings);
    }

    [Theory]
    [InlineData("5.16.20")] // before vmemmap_shift
    [InlineData("6.3.5")]   // the arch gate's stable backport
    [InlineData("6.1.185")]
    [InlineData("6.6")]
    [InlineData("6.12.117")]
    public void ReleasesWithoutTheOptimisation_PopulateTheWholeMemmap(string version)
    {
        var rig = KernelRig.Boot(4096, version);
        RefGeometry g = rig.G;
        ulong size = 4 * GiB;
        var pfn = new RefNvdimmPfn(g, DeviceBase, size, mapDev: false);

        Assert.True(rig.Add(DevDax("dax0", DeviceBase, size)).Success);

        UsageRow u = rig.Usage("dax0");
        Assert.Equal(g.MemmapBytes(pfn.RangeSize), u.VmemmapFromSystemRamBytes);
        Assert.Equal(0UL, u.VmemmapReusedBytes);
        Assert.DoesNotContain(rig.Machine.GetVmemmapMappings("dax0"), m => m.ReusedPage);
    }

    [Fact]
    public void AnAltmap_TurnsTheOptimisationOff_EvenWithVmemmapShift()
    {
        var rig = KernelRig.Boot(4096, "6.1");
        RefGeometry g = rig.G;
        ulong size = 4 * GiB;
        var pfn = new RefNvdimmPfn(g, DeviceBase, size, mapDev: true);

        Assert.True(rig.Add(DevDax("dax0", DeviceBase, size, mapDev: true)).Success);

        UsageRow u = rig.Usage("dax0");
        Assert.Equal(0UL, u.VmemmapReusedBytes);
        Assert.Equal(0UL, u.VmemmapFromSystemRamBytes);
        Assert.Equal(g.MemmapBytes(pfn.RangeSize), u.VmemmapFromAltmapBytes);
    }

    [Fact]
    public void PageSizedAlign_MakesNoCompoundPages()
    {
        var rig = KernelRig.Boot(4096, "6.1");
        RefGeometry g = rig.G;
        ulong size = 4 * GiB;
        var pfn = new RefNvdimmPfn(g, DeviceBase, size, mapDev: false, requestedAlign: g.PageSize);

        Assert.True(rig.Add(DevDax("dax0", DeviceBase, size, align: g.PageSize)).Success);

        Assert.Equal(g.MemmapBytes(pfn.RangeSize), rig.Usage("dax0").VmemmapFromSystemRamBytes);
        Assert.Equal(0UL, rig.Usage("dax0").VmemmapReusedBytes);
    }

    [Fact]
    public void GenericRange_WithAGigabyteAlign_IsRefusedAsDaxAlignValidRefusesIt()
    {
        var rig = KernelRig.Boot(4096, "6.1");
        string before = MachineSnapshot.Take(rig.Machine);
        var spec = new DeviceSpec { Name = "cxl0", Type = DeviceType.Generic, Start = DeviceBase, Size = 4 * GiB, Align = GiB };

        var ex = Assert.Throws<SimException>(() => rig.Add(spec));

        Assert.Equal(FailureKind.UnsupportedAlignment, ex.Kind);
        Assert.Equal(Errno.EINVAL, ex.Errno);
        Assert.Equal(before, MachineSnapshot.Take(rig.Machine));
    }

    [Fact]
    public void GenericRange_TakesItsRegionsPmdAlign_AndShares()
    {
        var rig = KernelRig.Boot(4096, "6.1");
        RefGeometry g = rig.G;
        ulong size = 2 * GiB;
        (ulong perCompound, ulong kept) = CompoundMemmap(g, g.PmdSize);

        Assert.True(rig.Add(new DeviceSpec { Name = "cxl0", Type = DeviceType.Generic, Start = DeviceBase, Size = size }).Success);

        Assert.Equal(size / g.PmdSize * kept * g.PageSize, rig.Usage("cxl0").VmemmapFromSystemRamBytes);
        Assert.Equal(size / g.PmdSize * (perCompound - kept) * g.PageSize, rig.Usage("cxl0").VmemmapReusedBytes);
    }

    /// <summary>
    /// 64K pages: a compound page (512 MiB) is a whole section and far more than a sub-section (2 MiB), so a
    /// section chunk that starts inside a compound takes the reuse path and maps all of its memmap onto the tail
    /// page before it. A namespace 256 MiB off a section boundary makes every chunk after the first such a chunk,
    /// although compound pages start inside them: the head struct pages alias a tail page (a kernel flaw).
    /// </summary>
    [Fact]
    public void SectionsInsideACompound_ReuseThePreviousTail_EvenWhereACompoundStarts()
    {
        var rig = KernelRig.Boot(65536, "6.1");
        RefGeometry g = rig.G;
        ulong start = DeviceBase + g.SectionSize / 2, size = 2 * GiB;
        var pfn = new RefNvdimmPfn(g, start, size, mapDev: false);
        ulong firstChunk = RefGeometry.AlignUp(start, g.SectionSize) - start;
        Assert.Equal(0UL, firstChunk % g.PmdSize == 0 ? 1UL : 0UL); // the first chunk is half a compound
        (ulong perCompound, ulong kept) = CompoundMemmap(g, g.PmdSize);
        ulong firstChunkPages = g.MemmapBytes(firstChunk) / g.PageSize;      // head, tail, then reused
        ulong allPages = g.MemmapBytes(pfn.RangeSize) / g.PageSize;
        Assert.True(firstChunkPages > kept && firstChunkPages < perCompound);

        Assert.True(rig.Add(DevDax("dax0", start, size)).Success);

        UsageRow u = rig.Usage("dax0");
        Assert.Equal(kept * g.PageSize, u.VmemmapFromSystemRamBytes);
        Assert.Equal((allPages - kept) * g.PageSize, u.VmemmapReusedBytes);
        ulong heads = (pfn.RangeSize - 1) / g.PmdSize; // compound pages after the first, each starting inside a reuse chunk
        Assert.Equal((long)heads, rig.Machine.Warnings.Where(w => w.Function == "vmemmap_populate_compound_pages").Sum(w => w.Count));

        Assert.True(rig.Machine.RemoveDevice("dax0").Success);
        rig.AssertRamBackToBoot();
    }

    [Fact]
    public void RefusedAndFailedAdds_LeaveNoReferenceBehind()
    {
        var rig = KernelRig.Boot(4096, "6.1");
        rig.Machine.InjectFailure(new FaultSpec { Nth = 100, Order = 0 });

        HotplugResult r = rig.Add(DevDax("dax0", DeviceBase, 4 * GiB));

        Assert.False(r.Success);
        Assert.Equal(Errno.ENOMEM, r.Errno);
        Assert.DoesNotContain(rig.Machine.CheckInvariants(), f => f.Check == "ReusedPageRefs");
    }
}
