using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Sim;
using Xunit;

namespace VmemmapPS.Core.Tests.Internals;

/// <summary>
/// The fail_page_alloc model: the Nth matching allocation and Count-1 after it fail, whether allocations come one
/// at a time or as a run handled at once, and what is still armed reads back as a spec that fails the same ones.
/// </summary>
public class FaultInjectorTests
{
    private const int MaxOrder = 11; // 4K pages: MAX_ORDER 11 (orders 0..10)

    private static FaultInjector Armed(long nth, long count = 1, int? order = null, FaultSite site = FaultSite.PageAlloc)
    {
        var f = new FaultInjector();
        f.Arm(new FaultSpec { Nth = nth, Count = count, Order = order, Site = site }, MaxOrder);
        return f;
    }

    [Fact]
    public void ARunSucceedsUpToTheNthAllocation_AndThePendingSpecCountsFromThere()
    {
        FaultInjector f = Armed(nth: 5);

        Assert.Equal(3UL, f.SucceedingBefore(0, 3));     // allocations 1-3
        Assert.Equal(2L, f.Pending!.Nth);                // the 5th is now the 2nd from here
        Assert.Equal(1UL, f.SucceedingBefore(0, 10));    // only the 4th of this run succeeds
        Assert.True(f.ShouldFail(0));                    // the 5th
        Assert.Null(f.Pending);
        Assert.False(f.ShouldFail(0));
    }

    [Fact]
    public void FiresWithin_LooksAheadWithoutCounting()
    {
        FaultInjector f = Armed(nth: 3);

        Assert.False(f.FiresWithin(0, 2));
        Assert.True(f.FiresWithin(0, 3));
        Assert.True(f.FiresWithin(0, ulong.MaxValue));
        Assert.Equal(3L, f.Pending!.Nth);
    }

    [Fact]
    public void AFaultFilteredToOneOrder_IgnoresTheOthers()
    {
        FaultInjector f = Armed(nth: 2, order: 9);

        Assert.Equal(100UL, f.SucceedingBefore(0, 100));
        Assert.False(f.FiresWithin(0, 100));
        Assert.False(f.ShouldFail(0));
        Assert.False(f.ShouldFail(9));
        Assert.True(f.ShouldFail(9));
    }

    [Fact]
    public void InsideTheFailingWindow_ThePendingSpecHoldsTheFailuresLeft()
    {
        FaultInjector f = Armed(nth: 2, count: 3);

        Assert.False(f.ShouldFail(0));
        Assert.True(f.ShouldFail(0));
        FaultSpec pending = f.Pending!;

        Assert.Equal(1L, pending.Nth);
        Assert.Equal(2L, pending.Count);
        Assert.True(f.ShouldFail(0));
        Assert.True(f.ShouldFail(0));
        Assert.False(f.ShouldFail(0));
    }

    [Fact]
    public void MemoryBlockDevices_SucceedBeforeTheNth_WhichIsConsumedAsTheFailure()
    {
        FaultInjector f = Armed(nth: 4, site: FaultSite.MemoryBlockDevice);

        Assert.Equal(2UL, f.MemoryBlocksBeforeFailure(2)); // blocks 1-2
        Assert.Equal(1UL, f.MemoryBlocksBeforeFailure(5)); // block 3 succeeds, block 4 fails
        Assert.Null(f.Pending);
        Assert.Equal(5UL, f.MemoryBlocksBeforeFailure(5));
    }

    [Fact]
    public void AMemoryBlockFault_NeverFailsAPageAllocation()
    {
        FaultInjector f = Armed(nth: 1, site: FaultSite.MemoryBlockDevice);

        Assert.False(f.ShouldFail(0));
        Assert.Equal(8UL, f.SucceedingBefore(0, 8));
        Assert.Equal(1L, f.Pending!.Nth);
    }

    [Fact]
    public void AnOrderFromMaxOrderUp_IsRefusedNamingTheRange()
    {
        SimException e = Assert.Throws<SimException>(() => FaultInjector.Validate(new FaultSpec { Order = MaxOrder }, MaxOrder));

        Assert.Equal(FailureKind.InvalidFaultSpec, e.Kind);
        Assert.Contains($"between 0 and {MaxOrder - 1} (MAX_ORDER {MaxOrder}), not {MaxOrder}", e.Message, System.StringComparison.Ordinal);
    }
}
