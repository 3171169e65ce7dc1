using VmemmapPS.Reference;
using VmemmapPS.Core.Units;
using Xunit;

namespace VmemmapPS.Core.Tests.Kernel;

/// <summary>
/// 4K fsdax map=dev, 64 MiB at 0x1_4000_0000: the altmap has 510 free pfns (2 MiB data offset minus the 2-pfn
/// info block); the memmap needs 64 MiB / 4 KiB * 64 B = 1 MiB = 256 pages, less than a section's memmap.
///
///   PMD block:  altmap_alloc_block_buf(2 MiB) wants 512 pfns + 510 padding to a 512-pfn boundary: never fits.
///   base pages: 256 single pfns: fit.
///
/// Which of the two the kernel tries, and whether a failed block falls back, is the whole timeline:
///   5.9, 5.10         private loop, no fallback                -ENOMEM
///   5.11 .. 6.1.131   private loop, fallback to base pages     binds
///   6.2 .. 6.12.19    generic hugepages, no fallback w/ altmap -ENOMEM
///   6.1.132+, 6.6.84+, 6.12.20+, 6.14+: sub-section request takes base pages directly: binds
/// </summary>
public class PopulateTimelineTests
{
    private const ulong Start = 0x1_4000_0000UL;
    private const ulong Size = 64 * ByteSize.MiB;

    [Theory]
    [InlineData("5.9", false)]
    [InlineData("5.10", false)]
    [InlineData("5.10.223", false)]
    [InlineData("5.11", true)]
    [InlineData("5.15.190", true)]
    [InlineData("6.1.131", true)]
    [InlineData("6.1.132", true)]
    [InlineData("6.2", false)]
    [InlineData("6.6", false)]
    [InlineData("6.6.83", false)]
    [InlineData("6.6.84", true)]
    [InlineData("6.12.19", false)]
    [InlineData("6.12.20", true)]
    [InlineData("6.12.107+deb12-arm64", true)]
    [InlineData("6.13", false)]
    [InlineData("6.14", true)]
    [InlineData("6.18", true)]
    public void SubsectionNamespace_BindsOnlyWhereBasePagesAreTried(string version, bool binds)
    {
        var rig = KernelRig.Boot(version: version, ramSize: Start - KernelRig.DramBase); // RAM ends where the namespace starts
        RefGeometry g = rig.G;
        var nd = new RefNvdimmPfn(g, Start, Size, mapDev: true);
        ulong memmapPages = g.MemmapBytes(nd.RangeSize) / g.PageSize;
        var block = new RefAltmap(nd.BasePfn, nd.ReservePfns, nd.FreePfns);
        Assert.Null(block.AllocBlock(g.PmdSize / g.PageSize));      // the PMD block never fits this altmap
        Assert.True(memmapPages <= nd.FreePfns);                    // the base pages do

        HotplugResult r = rig.Add(KernelRig.FsDax("pmem0", Start, Size, altmap: true));

        if (binds)
        {
            Assert.True(r.Success, r.Message);
            VmemAltmapInfo a = rig.Machine.GetAltmap("pmem0")!;
            Assert.Equal(nd.FreePfns, a.Free);
            Assert.Equal(memmapPages, a.Alloc);
            Assert.Equal(0UL, a.Align);
            Assert.Equal(memmapPages, rig.LeafEntries("pmem0", 3));
            Assert.Equal(0UL, rig.LeafEntries("pmem0", 2));
        }
        else
        {
            Assert.False(r.Success);
            Assert.Equal(-12, r.Errno);
            Assert.Empty(rig.Machine.Devices);
            rig.AssertRamBackToBoot();
        }
    }
}
