using VmemmapPS.Core.Mm;
using Xunit;

namespace VmemmapPS.Core.Tests.Internals;

public class AltmapArithmeticTests
{
    // altmap_alloc_block_buf: next_pfn = base + reserve + alloc + align; nr_align = ALIGN(pfn, 1 << __ffs(nr)) - pfn
    [Fact]
    public void First_pmd_block_pads_to_a_512_pfn_boundary()
    {
        const ulong basePfn = 0x400000, reserve = 2, free = 66046, pmdPfns = (2UL << 20) / 4096;
        var altmap = new VmemAltmap(basePfn, basePfn + 0x3fffff, reserve, free);
        Assert.True(altmap.TryAllocBlock(pmdPfns, out ulong pfn, out ulong pad));
        ulong expectedPad = ((basePfn + reserve + pmdPfns - 1) & ~(pmdPfns - 1)) - (basePfn + reserve);
        Assert.Equal(expectedPad, pad);
        Assert.Equal(basePfn + reserve + expectedPad, pfn);
        Assert.Equal(0UL, pfn % pmdPfns);
        Assert.Equal(pmdPfns, altmap.Alloc);
        Assert.Equal(expectedPad, altmap.Align);

        // the second block follows directly: no more padding
        Assert.True(altmap.TryAllocBlock(pmdPfns, out ulong second, out ulong pad2));
        Assert.Equal(0UL, pad2);
        Assert.Equal(pfn + pmdPfns, second);
    }

    [Fact]
    public void Page_sized_requests_never_pad_and_the_free_check_refuses_overflow()
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
    public void Vmem_altmap_free_only_moves_alloc_and_wraps_like_unsigned_long()
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
