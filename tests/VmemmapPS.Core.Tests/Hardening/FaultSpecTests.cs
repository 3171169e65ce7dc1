using VmemmapPS.Core.Units;
using Xunit;

namespace VmemmapPS.Core.Tests.Hardening;

/// <summary>fail_page_alloc-style faults: a huge Count means "from the Nth on", and a fault that cannot fire costs nothing.</summary>
public class FaultSpecTests
{
    private const ulong Start = 0x10_0000_0000UL;

    /// <summary>Nth + Count - 1 does not fit a long: the fault must still fail every allocation from the Nth on, like a
    /// large Count that fits, instead of wrapping and disarming after the first failure.</summary>
    [Theory]
    [InlineData(2L)]
    [InlineData(1000L)]
    public void CountNearLongMax_KeepsFailingLikeALargeCount(long nth)
    {
        SimMachine huge = SimMachine.Boot(new MachineConfig());
        SimMachine large = SimMachine.Boot(new MachineConfig());
        huge.InjectFailure(new FaultSpec { Nth = nth, Count = long.MaxValue });
        large.InjectFailure(new FaultSpec { Nth = nth, Count = 1L << 40 });

        // A 1 GiB page-granular add makes 512 PTE-table allocations and more: the Nth falls in the first or second add,
        // and from then on every add fails.
        int failures = 0;
        for (int i = 0; i < 3; i++)
        {
            var spec = new DeviceSpec { Name = "cxl" + i, Type = DeviceType.Generic, Start = Start + (ulong)i * ByteSize.GiB, Size = ByteSize.GiB };
            HotplugResult a = huge.AddDevice(spec);
            HotplugResult b = large.AddDevice(spec);
            Assert.Equal(b.Success, a.Success);
            Assert.Equal(b.Errno, a.Errno);
            failures += b.Success ? 0 : 1;
        }

        Assert.True(failures >= 2, $"{failures} of 3 adds failed");
        Assert.Equal(large.SystemRamFreeBytes, huge.SystemRamFreeBytes);
    }

    /// <summary>A fault filtered to an order no table allocation uses leaves the bulk page-granular linear-map path on:
    /// the PTE tables are stored as the same uniform spans as with no fault at all, not one table object per page.</summary>
    [Fact]
    public void FaultThatCannotFire_KeepsTheBulkPageTablePath()
    {
        SimMachine plain = SimMachine.Boot(new MachineConfig());
        SimMachine armed = SimMachine.Boot(new MachineConfig());

        // Order 3: neither the 2 MiB memmap blocks (order 9) nor table pages (order 0) of a 4K machine.
        armed.InjectFailure(new FaultSpec { Nth = 1, Order = 3 });
        var spec = new DeviceSpec { Name = "cxl0", Type = DeviceType.Generic, Start = Start, Size = 64 * ByteSize.GiB };
        Assert.True(plain.AddDevice(spec).Success);
        Assert.True(armed.AddDevice(spec).Success);

        Assert.Equal(plain.SystemRamFreeBytes, armed.SystemRamFreeBytes);
        Assert.NotEqual(0UL, plain.KernelForTests.SpanPages);
        Assert.Equal(plain.KernelForTests.SpanPages, armed.KernelForTests.SpanPages);
        Assert.Equal(plain.KernelForTests.Tables.Count, armed.KernelForTests.Tables.Count);
    }

    /// <summary>Allocations the bulk path makes still count towards Nth: a fault on the Nth order-0 allocation fires at the
    /// same place whether the linear map is built in bulk or one table at a time.</summary>
    [Fact]
    public void BulkAllocationsCountTowardsNth()
    {
        // 64 GiB page granular: 32768 PTE tables for the linear map; the 40000th order-0 allocation is past them.
        SimMachine m = SimMachine.Boot(new MachineConfig());
        m.InjectFailure(new FaultSpec { Nth = 40000, Order = 0 });
        Assert.True(m.AddDevice(new DeviceSpec { Name = "cxl0", Type = DeviceType.Generic, Start = Start, Size = 64 * ByteSize.GiB }).Success);

        // 8192 more tables: the fault is now due within this add.
        HotplugResult second = m.AddDevice(new DeviceSpec { Name = "cxl1", Type = DeviceType.Generic, Start = Start + 64 * ByteSize.GiB, Size = 16 * ByteSize.GiB });
        Assert.False(second.Success);
        Assert.Equal(-12, second.Errno);
    }
}
