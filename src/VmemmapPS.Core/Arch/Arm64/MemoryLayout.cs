using VmemmapPS.Core.Versions;

namespace VmemmapPS.Core.Arch.Arm64;

/// <summary>PAGE_OFFSET, PAGE_END and the VMEMMAP window per version band (arch/arm64/include/asm/memory.h).</summary>
internal static class MemoryLayout
{
    private const int StructPageShift = 6;

    /// <summary>_PAGE_OFFSET(va) = -(1 &lt;&lt; va).</summary>
    public static ulong PageOffsetOf(int va) => 0UL - (1UL << va);

    /// <summary>_PAGE_END(va) = -(1 &lt;&lt; (va - 1)).</summary>
    public static ulong PageEndOf(int va) => 0UL - (1UL << (va - 1));

    public static void Compute(Arm64Geometry g, out ulong pageOffset, out ulong pageEnd, out ulong vmemmapStart, out ulong vmemmapSize)
    {
        // VA_BITS_MIN: 48 when VA_BITS > 48 (v6.9+ LPA2 on 16K: 47).
        int vaBitsMin = g.VaBits > 48 ? (g.Profile.Layout == LayoutBand.V6_9 && g.PageShift == 14 ? 47 : 48) : g.VaBits;
        pageOffset = PageOffsetOf(g.VaBits);
        ulong linearSpan = PageEndOf(vaBitsMin) - pageOffset;
        int vmemmapShift = g.PageShift - StructPageShift;
        switch (g.Profile.Layout)
        {
            case LayoutBand.V5_4:
                // v5.4-v5.10: PAGE_END = _PAGE_END(vabits_actual) (the simulated CPU implements VA_BITS).
                pageEnd = PageEndOf(g.VaBits);
                vmemmapSize = linearSpan >> vmemmapShift;
                vmemmapStart = 0UL - vmemmapSize - (2UL << 20);
                break;
            case LayoutBand.V5_11:
                // v5.11-v6.8 without KASAN: PAGE_END = _PAGE_END(VA_BITS_MIN).
                pageEnd = PageEndOf(vaBitsMin);
                vmemmapSize = linearSpan >> vmemmapShift;
                vmemmapStart = 0UL - (1UL << (g.VaBits - vmemmapShift));
                break;
            default:
                // v6.9+: VMEMMAP_SIZE = (VMEMMAP_RANGE >> PAGE_SHIFT) * sizeof(struct page), VMEMMAP_END = -SZ_1G.
                pageEnd = PageEndOf(vaBitsMin);
                vmemmapSize = (linearSpan >> g.PageShift) * 64;
                vmemmapStart = unchecked(0UL - (1UL << 30) - vmemmapSize);
                break;
        }
    }
}
