using System;
using System.Collections.Generic;
using System.Linq;
using VmemmapPS.Core.Mm;
using VmemmapPS.Core.Sim;
using Xunit;

namespace VmemmapPS.Core.Tests.Internals;

/// <summary>
/// The free lists and the page-owner map keep their runs in blocks; thousands of takes and frees in random order
/// (enough to split and empty blocks) must leave them exactly where a plain page-by-page model says.
/// </summary>
public class SortedRunListTests
{
    private const int Pages = 20_000;

    [Fact]
    public void FreeListsMatchAPageByPageModelThroughRandomTakesAndFrees()
    {
        var free = new PfnIntervals();
        var model = new bool[Pages]; // true: free
        var random = new Random(7);
        var taken = new List<(ulong Pfn, ulong Count)>();
        // free in chunks of 1..16 pages with gaps, added in random order: thousands of intervals to start from
        var chunks = new List<(ulong Pfn, ulong Count)>();
        for (ulong pfn = 0; pfn < Pages - 32; pfn += (ulong)random.Next(2, 32))
        {
            ulong n = (ulong)random.Next(1, 17);
            chunks.Add((pfn, n));
            pfn += n;
        }

        foreach ((ulong pfn, ulong n) in chunks.OrderBy(_ => random.Next()))
        {
            free.Add(pfn, n);
            Fill(model, pfn, n, true);
        }

        for (int step = 0; step < 6000; step++)
        {
            if (taken.Count > 0 && random.Next(3) == 0)
            {
                int pick = random.Next(taken.Count);
                (ulong pfn, ulong count) = taken[pick];
                taken.RemoveAt(pick);
                free.Add(pfn, count);
                Fill(model, pfn, count, true);
                continue;
            }

            ulong order = (ulong)random.Next(4);
            ulong pages = 1UL << (int)order;
            bool highest = random.Next(2) == 0;
            ulong expected = FirstAlignedFree(model, pages, highest);
            ulong got = free.FindAligned(pages, pages, highest);
            Assert.Equal(expected, got);
            if (got != ulong.MaxValue)
            {
                free.Take(got, pages);
                Fill(model, got, pages, false);
                taken.Add((got, pages));
            }
        }

        List<(ulong Start, ulong End)> intervals = Intervals(model);
        Assert.Equal(intervals.Count, free.Count);
        for (int i = 0; i < intervals.Count; i++)
        {
            Assert.Equal(intervals[i].Start, free.StartAt(i));
            Assert.Equal(intervals[i].End, free.EndAt(i));
        }

        Assert.Equal((ulong)model.Count(f => f), free.TotalPages);
        Assert.True(intervals.Count > 300, $"only {intervals.Count} intervals: the test did not fragment the free list across blocks");
    }

    [Fact]
    public void PageOwnerMapMatchesAPageByPageModelThroughRandomAddsAndRemoves()
    {
        var map = new PageOwnerMap();
        var model = new string?[Pages];
        var random = new Random(11);
        var held = new List<(ulong Pfn, ulong Count)>();
        for (int step = 0; step < 6000; step++)
        {
            if (held.Count > 0 && random.Next(3) == 0)
            {
                int pick = random.Next(held.Count);
                (ulong pfn, ulong count) = held[pick];
                held.RemoveAt(pick);
                map.Remove(pfn, count);
                Fill(model, pfn, count, null);
                continue;
            }

            ulong start = (ulong)random.Next(Pages - 8), n = (ulong)random.Next(1, 8);
            if (Enumerable.Range((int)start, (int)n).Any(p => model[p] is not null))
            {
                continue;
            }

            string device = "d" + random.Next(3);
            map.Add(start, n, new PageOwner(PagePurpose.VmemmapTable, device, "f", false, 0));
            Fill(model, start, n, device);
            held.Add((start, n));
        }

        for (ulong pfn = 0; pfn < Pages; pfn++)
        {
            bool owned = map.TryGet(pfn, out OwnedRun run);
            Assert.Equal(model[pfn] is not null, owned);
            if (owned)
            {
                Assert.Equal(model[pfn], run.Owner.Device);
            }
        }

        // coalesced: no two runs that touch share an owner; in order
        OwnedRun[] runs = map.Runs.ToArray();
        Assert.Equal(runs.Length, map.Runs.Count);
        Assert.True(runs.Length > 300, $"only {runs.Length} runs: the test did not spread the map across blocks");
        for (int i = 1; i < runs.Length; i++)
        {
            Assert.True(runs[i].StartPfn >= runs[i - 1].EndPfn);
            Assert.False(runs[i].StartPfn == runs[i - 1].EndPfn && runs[i].Owner.SameAs(runs[i - 1].Owner));
        }
    }

    /// <summary>
    /// 200 runs appended in order split into three blocks of 64, 64 and 72; only the last ten (in the third block)
    /// are five long. Emptying the first block must keep each remaining block's longest run with that block, so a
    /// search for five still finds the first long run; a clone counts and finds the same.
    /// </summary>
    [Fact]
    public void EmptyingABlockKeepsTheLongestRunOfEachOtherBlock()
    {
        var list = new SortedRunList<PfnInterval>();
        for (ulong i = 0; i < 200; i++)
        {
            list.InsertAfter(list.Floor(i * 10), new PfnInterval(i * 10, i * 10 + (i >= 190 ? 5UL : 1UL)));
        }

        var any = new AnyRun();
        Assert.True(list.TryFind(5, fromHigh: false, ref any, out PfnInterval found)); // looks at every block's longest run
        Assert.Equal(1900UL, found.Start);
        SortedRunList<PfnInterval> copy = list.Clone();

        for (int i = 0; i < 64; i++)
        {
            list.RemoveAt(new RunPos(0, 0));
        }

        Assert.Equal(136, list.Count);
        Assert.Equal(640UL, list.At(0).Start);
        Assert.True(list.TryFind(5, fromHigh: false, ref any, out found));
        Assert.Equal(1900UL, found.Start);

        Assert.Equal(200, copy.Count);
        Assert.Equal(1990UL, copy.At(199).Start);
        Assert.Equal(Enumerable.Range(0, 200).Select(i => (ulong)i * 10), copy.Select(r => r.Start));
    }

    private struct AnyRun : IRunPredicate<PfnInterval>
    {
        public readonly bool Fits(PfnInterval run) => true;
    }

    private static ulong FirstAlignedFree(bool[] model, ulong pages, bool highest)
    {
        long blocks = Pages / (long)pages;
        for (long n = 0; n < blocks; n++)
        {
            ulong s = (ulong)(highest ? blocks - 1 - n : n) * pages;
            bool all = true;
            for (ulong p = s; p < s + pages && all; p++)
            {
                all = model[p];
            }

            if (all)
            {
                return s;
            }
        }

        return ulong.MaxValue;
    }

    private static List<(ulong Start, ulong End)> Intervals(bool[] model)
    {
        var list = new List<(ulong, ulong)>();
        for (int p = 0; p < model.Length; p++)
        {
            if (model[p] && (p == 0 || !model[p - 1]))
            {
                int e = p;
                while (e < model.Length && model[e])
                {
                    e++;
                }

                list.Add(((ulong)p, (ulong)e));
            }
        }

        return list;
    }

    private static void Fill<T>(T[] model, ulong start, ulong count, T value)
    {
        for (ulong p = start; p < start + count; p++)
        {
            model[p] = value;
        }
    }
}
