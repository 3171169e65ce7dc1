using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Mm;
using VmemmapPS.Core.Sim;
using Xunit;

namespace VmemmapPS.Core.Tests.Internals;

public class AllocatorTests
{
    //   free: [0 ........ 3) [8 .................. 1024)
    //   order-0 -> 0, order-3 -> 8 (aligned), order-9 -> 512
    [Fact]
    public void LowestAddressNaturallyAlignedBlockWins()
    {
        var free = new PfnIntervals();
        free.Add(0, 3);
        free.Add(8, 1016);
        Assert.Equal(0UL, free.FindAligned(1, 1, highest: false));
        Assert.Equal(8UL, free.FindAligned(8, 8, highest: false));
        Assert.Equal(512UL, free.FindAligned(512, 512, highest: false));
        Assert.Equal(ulong.MaxValue, free.FindAligned(1024, 1024, highest: false));
        Assert.Equal(1016UL, free.FindAligned(8, 8, highest: true)); // memblock: top-down
    }

    [Fact]
    public void FreedBlocksMergeBackLikeBuddies()
    {
        var free = new PfnIntervals();
        free.Add(0, 1024);
        free.Take(512, 512);
        free.Take(100, 1);
        Assert.Equal(2, free.Count);
        free.Add(512, 512);
        free.Add(100, 1);
        Assert.Equal(1, free.Count);
        Assert.Equal(1024UL, free.TotalPages);
    }

    [Fact]
    public void FaultInjectionFailsTheNthMatchingAllocationCountTimes()
    {
        var f = new FaultInjector();
        f.Arm(new FaultSpec { Nth = 2, Order = 9, Count = 2 }, maxOrder: 11);
        Assert.False(f.ShouldFail(0)); // other orders do not count
        Assert.False(f.ShouldFail(9));
        Assert.True(f.ShouldFail(9));
        Assert.True(f.ShouldFail(9));
        Assert.False(f.ShouldFail(9));
        Assert.Throws<SimException>(() => f.Arm(new FaultSpec { Nth = 0 }, 11));
        Assert.Throws<SimException>(() => f.Arm(new FaultSpec { Order = 11 }, 11));
    }

    [Fact]
    public void PageOwnerRunsSplitAndMerge()
    {
        var map = new PageOwnerMap();
        var owner = new PageOwner(PagePurpose.VmemmapTable, "d", "f", false, 0);
        map.Add(10, 1, owner);
        map.Add(11, 1, owner);
        Assert.Single(map.Runs);
        map.Remove(10, 1);
        Assert.True(map.TryGet(11, out OwnedRun r));
        Assert.Equal(1UL, r.Count);
        Assert.False(map.TryGet(10, out _));
    }

    [Fact]
    public void AllocationLogCoalescesContiguousIdenticalEvents()
    {
        var log = new AllocationLog(4096);
        for (ulong i = 0; i < 1000; i++)
        {
            log.Add(AllocationAction.Alloc, AllocationSource.SystemRam, PagePurpose.LinearMapTable, "f", 0x1000 * i, 1, 0, "d", 0);
        }

        log.Add(AllocationAction.Alloc, AllocationSource.SystemRam, PagePurpose.LinearMapTable, "f", 0x100000000, 1, 0, "d", 0);
        var events = log.Snapshot();
        Assert.Equal(2, events.Count);
        Assert.Equal(1000, events[0].Count);
        Assert.Equal(1000UL, events[0].Pages);
    }
}
