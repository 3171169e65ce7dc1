using VmemmapPS.Core.Arch.Arm64;
using VmemmapPS.Core.Sim;
using VmemmapPS.Reference;
using Xunit;

namespace VmemmapPS.Core.Tests.Internals;

public class PageTableStoreTests
{
    private const ulong Page = 4096;

    private static TablePage NewPte() => new(0x1000, 3, 512, 0xffff000000000000, Page, PageTableRegion.Linear, null, 0, Page);

    [Fact]
    public void UniformRunStaysCompactUntilAnEntryBreaksIt()
    {
        TablePage t = NewPte();
        t.FillRun(0, 512, PgtableDesc.Make(DescKind.Page, 0x40000000));
        Assert.True(t.Uniform);
        Assert.Equal(512, t.Used);
        Assert.Equal(PgtableDesc.Make(DescKind.Page, 0x40000000 + 100 * Page), t.Get(100));

        t.Set(100, 0); // a hole in the middle expands the table
        Assert.False(t.Uniform);
        Assert.Equal(511, t.Used);
        Assert.Equal(0UL, t.Get(100));
        Assert.Equal(PgtableDesc.Make(DescKind.Page, 0x40000000 + 101 * Page), t.Get(101));
    }

    [Fact]
    public void ExtendingOrShrinkingAtTheEndsKeepsTheRun()
    {
        TablePage t = NewPte();
        for (int i = 0; i < 8; i++)
        {
            t.Set(i, PgtableDesc.Make(DescKind.Page, 0x80000000 + (ulong)i * Page));
        }

        t.Set(0, 0);
        t.Set(7, 0);
        Assert.True(t.Uniform);
        Assert.Equal(6, t.Used);
        Assert.Equal(1, t.NextUsed(0));
        Assert.True(t.TryClearWholeRun(0, 512));
        Assert.True(t.Empty);
    }

    [Theory]
    [InlineData(0x1000UL, 0x2000UL, 0x0UL, 0x0UL, true)]
    [InlineData(0x1000UL, 0x2000UL, 0x10000UL, 0x0UL, false)] // table span starts below floor
    [InlineData(0x10000UL, 0x20000UL, 0x10000UL, 0x18000UL, false)] // end beyond ceiling
    [InlineData(0x10000UL, 0x18000UL, 0x10000UL, 0x18000UL, false)] // ceiling rounds down to the table span
    [InlineData(0x10000UL, 0x18000UL, 0x10000UL, 0x20000UL, true)]
    [InlineData(0x10000UL, 0x18000UL, 0x0UL, 0x8000UL, false)] // a ceiling inside the first span rounds down to 0
    [InlineData(0xFFFF_FFFF_FFFF_0000UL, 0x0UL, 0x0UL, 0x0UL, true)] // end 0 is the top; ceiling 0 means no ceiling
    [InlineData(0xFFFF_FFFF_FFFF_0000UL, 0x0UL, 0x0UL, 0xFFFF_FFFF_FFFF_8000UL, false)]
    public void PgtableRangeAlignedIsTheFloorCeilingRule(ulong start, ulong end, ulong floor, ulong ceiling, bool expected)
    {
        Assert.Equal(expected, PgtableRange.Aligned(start, end, floor, ceiling, ~0xFFFFUL));
        Assert.Equal(expected, VmemmapPS.Core.Sim.Kernel.PgtableRangeAligned(start, end, floor, ceiling, ~0xFFFFUL));
    }
}
