using VmemmapPS.Core.Mm;
using VmemmapPS.Reference;
using Xunit;

namespace VmemmapPS.Core.Tests.Internals;

public class VmemAltmapTests
{
    // altmap_alloc_block_buf: next_pfn = base + reserve + alloc + align; nr_align = ALIGN(pfn, 1 << __ffs(nr)) - pfn
    [Fact]
    public void FirstPmdBlockPadsToA512PfnBoundary()
    {
        const ulong basePfn = 0x400000, reserve = 2, free = 66046, pmdPfns = (2UL << 20) / 4096;
        var altmap = new VmemAltmap(basePfn, basePfn + 0x3fffff, reserve, free);
        var expected = new RefAltmap(basePfn, reserve, free);
        ulong expectedPfn = expected.AllocBlock(pmdPfns)!.Value;
        Assert.True(altmap.TryAllocBlock(pmdPfns, out ulong pfn, out ulong pad));
        Assert.Equal(expected.Align, pad);
        Assert.Equal(expectedPfn, pfn);
        Assert.Equal(0UL, pfn % pmdPfns);
        Assert.Equal(pmdPfns, altmap.Alloc);
        Assert.Equal(expected.Align, altmap.Align);

        // the second block follows directly: no more padding
        Assert.True(altmap.TryAllocBlock(pmdPfns, out ulong second, out ulong pad2));
        Assert.Equal(0UL, pad2);
        Assert.Equal(pfn + pmdPfns, second);
    }

    [Fact]
    public void PageSizedRequestsNeverPadAndTheFreeCheckRefusesOverflow()
    {
        var altmap = new VmemAltmap(1000, 2000, 1, 3);
        Assert.True(altmap.TryAllocBlock(1, out ulong a, out ulong padA));
        Assert.True(altmap.TryAllocBlock(2, out ulong b, out ulong padB));
        Assert.Equal(0UL, padA);
        Assert.Equal(1001UL, a);
        Assert.Equal(1002UL, b); // 1002 is already 2-aligned
        Assert.Equal(0UL, padB);
        Assert.False(altmap.TryAllocBlock(1, out _, out _)); // nr_free = 3 - 3 = 0
        Assert.Equal(3UL, altmap.Alloc);
    }

    [Fact]
    public void VmemAltmapFreeOnlyMovesAllocAndWrapsLikeUnsignedLong()
    {
        var altmap = new VmemAltmap(0, 100, 0, 64);
        Assert.True(altmap.TryAllocBlock(8, out _, out _));
        altmap.FreeBlock(8);
        Assert.Equal(0UL, altmap.Alloc);
        Assert.Equal(0UL, altmap.Align);
        altmap.FreeBlock(1);
        Assert.Equal(ulong.MaxValue, altmap.Alloc);
        Assert.Equal(64UL, altmap.Offset); // reserve + free
    }
}
