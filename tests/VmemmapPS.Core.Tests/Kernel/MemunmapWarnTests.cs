using System.Linq;
using VmemmapPS.Core.Errors;
using VmemmapPS.Reference;
using VmemmapPS.Core.Units;
using Xunit;

namespace VmemmapPS.Core.Tests.Kernel;

/// <summary>
/// memremap_pages with ranges (v5.10+): a failed range unwinds through memunmap_pages, which ends with
/// WARN_ONCE(pgmap->altmap.alloc, "failed to free all reserved pages"). It fires when the first section's
/// memmap came from the altmap and the next section found the altmap empty: the first section stays behind.
/// Seen on real 5.10.223 (1 GiB + 2 MiB) and 6.12.107 (130 MiB), 4K fsdax map=dev at 0x1_4000_0000.
/// </summary>
public class MemunmapWarnTests
{
    private const ulong Start = 0x1_4000_0000UL;

    [Theory]
    [InlineData("6.12.107", 130UL, true)]
    [InlineData("5.10.223", 1026UL, true)]
    [InlineData("5.9", 1026UL, false)]     // single-range memremap_pages: its error path has no such WARN
    public void FailedRange_WarnsOnlyFrom510_WhenAltmapPagesRemain(string version, ulong sizeMiB, bool warns)
    {
        ulong size = sizeMiB * ByteSize.MiB;
        var rig = KernelRig.Boot(version: version, ramSize: Start - KernelRig.DramBase);
        RefGeometry g = rig.G;
        var nd = new RefNvdimmPfn(g, Start, size, mapDev: true);
        var altmap = new RefAltmap(nd.BasePfn, nd.ReservePfns, nd.FreePfns);
        ulong blocksInFirstSection = g.MemmapBytes(g.SectionSize) / g.PmdSize;
        for (ulong i = 0; i < blocksInFirstSection; i++)
        {
            Assert.NotNull(altmap.AllocBlock(g.PmdSize / g.PageSize));   // the whole first section fits
        }

        Assert.Equal(0UL, altmap.NrFree);                                   // nothing left for the tail section

        HotplugResult r = rig.Add(KernelRig.FsDax("pmem0", Start, size, altmap: true));

        Assert.False(r.Success);
        Assert.Equal(Errno.ENOMEM, r.Errno);
        Assert.True(r.LeftState);
        Assert.Equal(warns, r.Warnings.Any(w => w.Function == "memunmap_pages"));
        Assert.Equal(warns, rig.Machine.Warnings.Any(w => w.Function == "memunmap_pages" && w.Message.Contains("failed to free all reserved pages")));
    }

    [Fact]
    public void FailedRange_WithNothingAllocated_DoesNotWarn()
    {
        // 5.10, 64 MiB: the PMD block never fits, so the altmap never hands out a pfn
        var rig = KernelRig.Boot(version: "5.10", ramSize: Start - KernelRig.DramBase);

        HotplugResult r = rig.Add(KernelRig.FsDax("pmem0", Start, 64 * ByteSize.MiB, altmap: true));

        Assert.Equal(Errno.ENOMEM, r.Errno);
        Assert.Empty(r.Warnings);
    }
}
