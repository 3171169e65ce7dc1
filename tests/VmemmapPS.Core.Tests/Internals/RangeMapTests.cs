using VmemmapPS.Core.Sim;
using Xunit;

namespace VmemmapPS.Core.Tests.Internals;

/// <summary>The sorted range map behind the device index and the device history: newest value wins where ranges meet.</summary>
public class RangeMapTests
{
    private static string? At(RangeMap<string> m, ulong x) => m.TryFind(x, out string v) ? v : null;

    [Fact]
    public void Set_OverwritesTheMiddleOfAnOlderRange_AndKeepsBothEnds()
    {
        var m = new RangeMap<string>();
        m.Set(100, 200, "a");
        m.Set(140, 160, "b");

        Assert.Equal(3, m.Count);
        Assert.Equal("a", At(m, 139));
        Assert.Equal("b", At(m, 140));
        Assert.Equal("b", At(m, 159));
        Assert.Equal("a", At(m, 160));
        Assert.Equal("a", At(m, 199));
        Assert.Null(At(m, 200));
        Assert.Null(At(m, 99));
    }

    [Fact]
    public void Set_OverSeveralRanges_ReplacesThemAndTrimsTheEdges()
    {
        var m = new RangeMap<string>();
        m.Set(0, 10, "a");
        m.Set(10, 20, "b");
        m.Set(20, 30, "c");
        m.Set(5, 25, "d");

        Assert.Equal(3, m.Count);
        Assert.Equal("a", At(m, 4));
        Assert.Equal("d", At(m, 5));
        Assert.Equal("d", At(m, 24));
        Assert.Equal("c", At(m, 25));
    }

    [Fact]
    public void Remove_LeavesAHole_AndOverlapFindsTheLowestRangeTouched()
    {
        var m = new RangeMap<string>();
        m.Set(0, 10, "a");
        m.Set(20, 30, "b");
        m.Set(40, 50, "c");
        m.Remove(20, 30);

        Assert.Null(At(m, 25));
        Assert.False(m.TryFindOverlap(10, 40, out _));
        Assert.True(m.TryFindOverlap(5, 45, out string low));
        Assert.Equal("a", low);
        Assert.True(m.TryFindOverlap(49, 60, out string high));
        Assert.Equal("c", high);
        Assert.True(m.Covers(40, 50));
        Assert.False(m.Covers(5, 41));
    }

    [Fact]
    public void Set_EndingWhereAnOlderRangeEnds_LeavesNoEmptyPieceOfIt()
    {
        var m = new RangeMap<string>();
        m.Set(0, 10, "a");
        m.Set(10, 20, "b");
        m.Set(20, 30, "c");
        m.Set(5, 20, "d");

        Assert.Equal(3, m.Count);
        Assert.Equal(new[] { (0UL, 5UL, "a"), (5UL, 20UL, "d"), (20UL, 30UL, "c") }, m.Entries);
    }

    [Fact]
    public void TryFind_GivesTheBoundsOfTheRangeHoldingAnAddress_AndNothingInAHole()
    {
        var m = new RangeMap<string>();
        m.Set(100, 200, "a");
        m.Set(300, 400, "b");

        Assert.True(m.TryFind(399, out ulong start, out ulong end, out string value));
        Assert.Equal((300UL, 400UL, "b"), (start, end, value));
        Assert.True(m.TryFind(100, out start, out end, out value));
        Assert.Equal((100UL, 200UL, "a"), (start, end, value));
        Assert.False(m.TryFind(200, out _, out _, out _));
        Assert.False(m.TryFind(99, out _, out _, out _));
    }
}
