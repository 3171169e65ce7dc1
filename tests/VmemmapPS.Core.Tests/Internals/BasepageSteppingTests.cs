using System.Linq;
using Xunit;

namespace VmemmapPS.Core.Tests.Internals;

public class BasepageSteppingTests
{
    // 16K pages: a 2 MiB sub-section's memmap is 128 * 64 = 8 KiB, half a page. A device starting at an odd
    // sub-section has a memmap that starts mid-page, and vmemmap_populate_basepages steps
    //     for (addr = start; addr < end; addr += PAGE_SIZE)
    // so it maps ceil((end - start) / PAGE_SIZE) pages beginning with the page holding start.
    //
    //   page 0            page 1            page 2
    //   |--------|--------|--------|--------|--------|
    //            ^start (8K)                ^end (4M: 24K -> page 1 never visited; 6M: 32K)
    [Theory]
    [InlineData(4UL << 20)]
    [InlineData(6UL << 20)]
    public void UnalignedMemmapMapsThePagesTheLoopVisits(ulong size)
    {
        const ulong gib = 1UL << 30, sub = 2UL << 20;
        SimMachine m = SimMachine.Boot(new MachineConfig { PageSize = 16384, KernelVersion = "6.14" });
        ulong start = 16 * gib + sub;
        HotplugResult r = m.AddDevice(new DeviceSpec { Name = "d", Type = DeviceType.Generic, Start = start, Size = size });
        Assert.True(r.Success);

        ulong page = m.PageSize;
        ulong firstPfn = start / page, nr = size / page;
        ulong vaStart = m.PfnToStructPage(firstPfn), vaEnd = vaStart + nr * 64;
        ulong visited = (vaEnd - vaStart + page - 1) / page;
        ulong firstPage = vaStart & ~(page - 1);
        bool coversEnd = firstPage + visited * page >= vaEnd;

        Assert.Equal(nr * 64, r.DeviceMemory!.VmemmapBytes);
        Assert.Equal(visited * page, m.MeasureUsage().Single(u => u.Device == "d").VmemmapBytes);
        var holes = m.CheckInvariants().Where(f => f.Check == "MemmapMapped").ToList();
        Assert.Equal(coversEnd, holes.Count == 0);
        if (!coversEnd)
        {
            Assert.Equal(firstPage + visited * page, holes[0].Address);
            Assert.Equal("d", holes[0].Device);
        }
    }
}
