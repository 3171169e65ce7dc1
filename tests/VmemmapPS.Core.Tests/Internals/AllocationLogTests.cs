using System.Collections.Generic;
using System.Linq;
using VmemmapPS.Core.Sim;
using Xunit;

namespace VmemmapPS.Core.Tests.Internals;

public class AllocationLogTests
{
    private const ulong PageSize = 4096;

    // 100 allocations at addresses that never touch (no coalescing), two devices alternating
    private static AllocationLog Filled(int limit)
    {
        var log = new AllocationLog(PageSize) { Limit = limit };
        for (int i = 0; i < 100; i++)
        {
            log.Add(AllocationAction.Alloc, AllocationSource.SystemRam, PagePurpose.VmemmapTable, "vmemmap_pte_populate",
                (ulong)i * 4 * PageSize, 1 + (ulong)(i % 3), 0, i % 2 == 0 ? "even" : "odd", 0);
        }

        return log;
    }

    [Fact]
    public void PastTheLimitTheOldestRecordsFoldIntoOneSummaryPerKindKeepingTotals()
    {
        IReadOnlyList<AllocationEvent> events = Filled(limit: 10).Snapshot();
        List<AllocationEvent> summaries = events.TakeWhile(e => e.Summary).ToList();
        List<AllocationEvent> live = events.Skip(summaries.Count).ToList();

        Assert.Equal(new[] { "even", "odd" }, summaries.Select(s => s.Device).OrderBy(d => d));
        Assert.All(summaries, s => Assert.Equal(0, s.Sequence));
        Assert.DoesNotContain(live, e => e.Summary);
        Assert.InRange(live.Count, 5, 10);
        // live records keep their sequence numbers: the newest is the 100th
        Assert.Equal(Enumerable.Range(101 - live.Count, live.Count).Select(i => (long)i), live.Select(e => e.Sequence));
        foreach (string device in new[] { "even", "odd" })
        {
            int parity = device == "even" ? 0 : 1;
            IEnumerable<int> mine = Enumerable.Range(0, 100).Where(i => i % 2 == parity);
            Assert.Equal((ulong)mine.Sum(i => 1 + (i % 3)), (ulong)events.Where(e => e.Device == device).Sum(e => (long)e.Pages));
            Assert.Equal(mine.Count(), events.Where(e => e.Device == device).Sum(e => e.Count));
        }
    }

    [Fact]
    public void UnderTheLimitEveryRecordIsKept()
    {
        IReadOnlyList<AllocationEvent> events = Filled(limit: 100).Snapshot();
        Assert.Equal(100, events.Count);
        Assert.DoesNotContain(events, e => e.Summary);
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i), events.Select(e => e.Sequence));
    }
}
