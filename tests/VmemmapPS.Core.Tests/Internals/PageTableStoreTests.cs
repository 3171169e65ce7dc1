using VmemmapPS.Core.Arch.Arm64;
using VmemmapPS.Core.Sim;
using Xunit;

namespace VmemmapPS.Core.Tests.Internals;

public class PageTableStoreTests
{
    private const ulong Page = 4096;

    private static TablePage NewPte() => new(0x1000, 3, 512, 0xffff000000000000, Page, PageTableRegion.Linear, null, 0, Page);

    [Fact]
    public void Uniform_run_stays_compact_until_an_entry_breaks_it()
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
    public void Extending_or_shrinking_at_the_ends_keeps_the_run()
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
    public void Pgtable_range_aligned_is_the_floor_ceiling_rule(ulong start, ulong end, ulong floor, ulong ceiling, bool expected)
    {
        Assert.Equal(expected, VmemmapPS.Core.Sim.Kernel.PgtableRangeAligned(start, end, floor, ceiling, ~0xFFFFUL));
    }
}
