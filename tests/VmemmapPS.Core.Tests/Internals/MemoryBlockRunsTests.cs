using System;
using System.Collections.Generic;
using System.Linq;
using VmemmapPS.Core.Drivers.Base;
using Xunit;

namespace VmemmapPS.Core.Tests.Internals;

/// <summary>
/// A resource's memory blocks are kept as coalesced runs. Random appends, state changes of any sub-range and
/// truncations must leave them as a plain one-entry-per-block model says, sorted from block 0, with no two
/// neighbouring runs in the same state (else the cost would grow with blocks after all).
/// </summary>
public class MemoryBlockRunsTests
{
    private static readonly MemoryZone[] Zones = { MemoryZone.None, MemoryZone.Normal, MemoryZone.Movable };

    private readonly record struct BlockState(MemoryZone Zone, ulong Alloc, ulong Align);

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomOperations_MatchAPerBlockModel_AndStayCoalesced(int seed)
    {
        var random = new Random(seed);
        var runs = new MemoryBlockRuns();
        var model = new List<BlockState>();
        BlockState RandomState() => new(Zones[random.Next(Zones.Length)], (ulong)random.Next(2) * 512, (ulong)random.Next(2));

        for (int step = 0; step < 3000; step++)
        {
            int op = random.Next(10);
            if (op < 3 || model.Count == 0)
            {
                BlockState s = RandomState();
                ulong count = (ulong)random.Next(1, 9);
                runs.Append(count, s.Zone, s.Alloc, s.Align);
                model.AddRange(Enumerable.Repeat(s, (int)count));
            }
            else if (op < 9)
            {
                int first = random.Next(model.Count);
                int count = random.Next(1, model.Count - first + 1);
                BlockState s = RandomState();
                runs.Set((ulong)first, (ulong)count, new MemoryBlockRun(0, 0, s.Zone, s.Alloc, s.Align));
                for (int i = first; i < first + count; i++)
                {
                    model[i] = s;
                }
            }
            else
            {
                int keep = random.Next(model.Count + 1);
                runs.Truncate((ulong)keep);
                model.RemoveRange(keep, model.Count - keep);
            }

            AssertMatches(model, runs);
        }
    }

    [Fact]
    public void SettingTheMiddleOfARun_SplitsItInThree_AndSettingItBack_MergesThemAgain()
    {
        var runs = new MemoryBlockRuns();
        runs.Append(10, MemoryZone.None, 512, 0);

        runs.Set(4, 2, new MemoryBlockRun(0, 0, MemoryZone.Movable, 512, 0));

        Assert.Equal(new[] { (0UL, 4UL, MemoryZone.None), (4UL, 2UL, MemoryZone.Movable), (6UL, 4UL, MemoryZone.None) },
            runs.Runs.Select(r => (r.First, r.Count, r.Zone)).ToArray());
        Assert.Equal(MemoryZone.Movable, runs.At(5).Zone);

        runs.Set(4, 2, new MemoryBlockRun(0, 0, MemoryZone.None, 512, 0));

        MemoryBlockRun one = Assert.Single(runs.Runs);
        Assert.Equal((0UL, 10UL), (one.First, one.Count));
    }

    [Fact]
    public void TruncatingInsideARun_KeepsItsHead()
    {
        var runs = new MemoryBlockRuns();
        runs.Append(3, MemoryZone.Normal, 0, 0);
        runs.Append(5, MemoryZone.None, 0, 0);

        runs.Truncate(5);

        Assert.Equal(5UL, runs.Count);
        Assert.Equal(new[] { (0UL, 3UL), (3UL, 2UL) }, runs.Runs.Select(r => (r.First, r.Count)).ToArray());
    }

    [Fact]
    public void ABlockPastTheEnd_IsOutOfRange()
    {
        var runs = new MemoryBlockRuns();
        runs.Append(2, MemoryZone.None, 0, 0);

        Assert.Throws<ArgumentOutOfRangeException>(() => runs.At(2));
    }

    private static void AssertMatches(List<BlockState> model, MemoryBlockRuns runs)
    {
        Assert.Equal((ulong)model.Count, runs.Count);
        ulong expectedFirst = 0;
        MemoryBlockRun? previous = null;
        foreach (MemoryBlockRun r in runs.Runs)
        {
            Assert.Equal(expectedFirst, r.First);
            Assert.True(r.Count > 0);
            Assert.False(previous is MemoryBlockRun p && p.SameState(r), $"runs at {previous?.First} and {r.First} have the same state");
            for (ulong i = r.First; i < r.End; i++)
            {
                Assert.Equal(model[(int)i], new BlockState(r.Zone, r.AltmapAlloc, r.AltmapAlign));
            }

            expectedFirst = r.End;
            previous = r;
        }
    }
}
