using System.Linq;
using VmemmapPS.Core.Arch.Arm64;
using Xunit;

namespace VmemmapPS.Core.Tests.Internals;

public class LinearMapTests
{
    //  RAM 1G..9G (boot)      device 16G..80G
    //  |====|...............|==================|
    //  rodata_full: one PTE table per 2 MiB + one PMD table per 1 GiB; otherwise 1 GiB PUD blocks (no new tables)
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void HotAddedLinearMapFollowsRodataFull(bool rodataFull)
    {
        const ulong gib = 1UL << 30, size = 64 * gib;
        SimMachine m = SimMachine.Boot(new MachineConfig { RodataFull = rodataFull });
        HotplugResult r = m.AddDevice(new DeviceSpec { Name = "pmem0", Start = 16 * gib, Size = size, Altmap = true });
        Assert.True(r.Success);
        Arm64Geometry g = m.Geometry;
        ulong ptes = rodataFull ? size / g.PmdSize : 0;
        ulong pmds = rodataFull ? size / g.PudSize : 0;
        UsageRow row = m.MeasureUsage()[0];
        Assert.Equal((ptes + pmds) * g.PageSize, row.LinearMapPageTableBytes);
        int linearTablesOfDevice = m.GetTablePages(PageTableRegion.Linear).Count(t => t.Device == "pmem0");
        Assert.Equal((int)(ptes + pmds), linearTablesOfDevice);
        if (rodataFull)
        {
            Assert.All(m.GetTablePages(PageTableRegion.Linear, 3).Where(t => t.Device == "pmem0"), t => Assert.True(t.Uniform));
            TablePageInfo pte = m.GetTablePages(PageTableRegion.Linear, 3).First(t => t.Device == "pmem0");
            PageOwnerInfo? owner = m.GetPageOwner(pte.PhysAddr);
            Assert.NotNull(owner);
            Assert.Equal(PagePurpose.LinearMapTable, owner!.Purpose);
            Assert.Equal("pmem0", owner.Device);
            Assert.Equal((ptes + pmds) * g.PageSize, (ulong)m.GetPageOwners(PagePurpose.LinearMapTable, "pmem0").Sum(o => (long)o.Bytes));
        }

        ulong va = m.PhysToVirt(16 * gib + 0x12345000);
        Assert.Equal(16 * gib + 0x12345000, m.TranslateVirtual(va));
        Assert.Null(m.GetPageOwner(16 * gib)); // device memory is not system RAM
        Assert.Empty(m.CheckInvariants());
    }

    [Fact]
    public void CloneIsIndependent()
    {
        SimMachine m = SimMachine.Boot(new MachineConfig());
        SimMachine c = m.Clone();
        Assert.True(c.AddDevice(new DeviceSpec { Name = "pmem0", Start = 16UL << 30, Size = 1UL << 30, Altmap = true }).Success);
        Assert.Empty(m.Devices);
        Assert.Equal(m.BaselineFreeBytes, m.SystemRamFreeBytes);
        Assert.NotEqual(c.SystemRamFreeBytes, m.SystemRamFreeBytes);
    }
}
