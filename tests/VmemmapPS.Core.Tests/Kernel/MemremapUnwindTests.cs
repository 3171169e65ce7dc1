using System.Linq;
using VmemmapPS.Reference;
using VmemmapPS.Core.Units;
using Xunit;

namespace VmemmapPS.Core.Tests.Kernel;

/// <summary>
/// 4K fsdax map=dev of 1 GiB + 64 MiB: the info block reserves the altmap for the whole namespace, the full
/// sections take their PMD blocks from it, and the partial last section finds too little left and fails with
/// -ENOMEM. The sections added before it stay, with their altmap pages. From v5.10 memremap_pages unwinds
/// through memunmap_pages, whose last line is WARN_ONCE(pgmap->altmap.alloc, "failed to free all reserved
/// pages"); v5.9's error path has no such WARN. Debian's 6.12.117 under QEMU prints exactly that WARNING.
/// </summary>
public class MemremapUnwindTests
{
    private const ulong Start = 0x10_0000_0000UL;
    private const ulong Size = ByteSize.GiB + 64 * ByteSize.MiB;

    [Theory]
    [InlineData("5.9", false)]
    [InlineData("5.10", true)]
    [InlineData("6.6", true)]
    [InlineData("6.12.117+deb12-arm64", true)]
    public void FailedAddWithAltmapPagesTaken_WarnsInMemunmapPagesFromV5_10(string version, bool warns)
    {
        var rig = KernelRig.Boot(version: version);
        RefGeometry g = rig.G;
        var nd = new RefNvdimmPfn(g, Start, Size, mapDev: true);
        ulong sectionBlocks = g.MemmapBytes(g.SectionSize) / g.PmdSize;
        var altmap = new RefAltmap(nd.BasePfn, nd.ReservePfns, nd.FreePfns);
        for (ulong i = 0; i < (Size / g.SectionSize) * sectionBlocks; i++)
        {
            Assert.NotNull(altmap.AllocBlock(g.PmdSize / g.PageSize)); // the full sections' blocks fit...
        }

        Assert.Null(altmap.AllocBlock(g.PmdSize / g.PageSize));        // ...the partial section's block does not

        HotplugResult r = rig.Add(KernelRig.FsDax("pmem0", Start, Size, altmap: true));

        Assert.False(r.Success);
        Assert.Equal(-12, r.Errno);
        int memunmapWarnings = r.Warnings.Count(w => w.Function == "memunmap_pages" && w.Condition == "pgmap->altmap.alloc");
        Assert.Equal(warns ? 1 : 0, memunmapWarnings);
    }
}
