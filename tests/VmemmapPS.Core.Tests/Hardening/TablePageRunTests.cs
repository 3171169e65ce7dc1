using System.Linq;
using Xunit;

namespace VmemmapPS.Core.Tests.Hardening;

/// <summary>Get-SimPageTable's runs: the same table pages as the per-page list, grouped, and read from how they
/// are stored, so a large machine gives few rows without expanding millions of tables.</summary>
public class TablePageRunTests
{
    private const ulong Start = 0x1000000000;

    [Theory]
    [InlineData(4096UL, "5.9", true)]
    [InlineData(16384UL, "6.6", false)]
    [InlineData(65536UL, "6.6", true)]
    public void RunsHoldExactlyTheTablePagesOfTheExpandedList(ulong pageSize, string kernel, bool altmap)
    {
        SimMachine m = SimMachine.Boot(new MachineConfig { PageSize = pageSize, KernelVersion = kernel });
        Assert.True(m.AddDevice(new DeviceSpec { Name = "pmem0", Type = DeviceType.FsDax, Start = Start, Size = 64UL << 30, Altmap = altmap }).Success);
        Assert.True(m.AddDevice(new DeviceSpec { Name = "cxl0", Type = DeviceType.Generic, Start = 2 * Start, Size = 16UL << 30 }).Success);

        var pages = m.GetTablePages();
        var runs = m.GetTablePageRuns();

        Assert.Equal((ulong)pages.Count, runs.Aggregate(0UL, (n, r) => n + r.Tables));
        foreach (var group in pages.GroupBy(p => (p.Region, p.Level, p.Device)))
        {
            ulong inRuns = runs.Where(r => r.Region == group.Key.Region && r.Level == group.Key.Level && r.Device == group.Key.Device)
                .Aggregate(0UL, (n, r) => n + r.Tables);
            Assert.Equal((ulong)group.Count(), inRuns);
        }

        // Every table page lies inside one run: its PA among the run's pages, its VA inside the run's span.
        foreach (TablePageInfo p in pages)
        {
            Assert.Single(runs, r => r.Region == p.Region && r.Level == p.Level && p.PhysAddr >= r.PhysAddr && p.PhysAddr < r.PhysAddr + r.Bytes
                && p.VirtualBase >= r.VirtualBase && p.VirtualBase - r.VirtualBase < r.Span && r.EntriesUsed == p.EntriesUsed && r.Device == p.Device);
        }

        Assert.All(runs, r => Assert.Equal(r.Tables * pageSize, r.Bytes));
    }

    [Fact]
    public void SixteenTebibytesOfLinearMapAreAFewRunsNotMillionsOfPages()
    {
        // rodata_full maps the linear map page by page: one PTE table per 2 MiB, 8,388,608 of them for 16 TiB.
        // GetTablePages would build an object for each; the runs come from the stored spans.
        const ulong size = 16UL << 40;
        SimMachine m = SimMachine.Boot(new MachineConfig
        {
            KernelVersion = "6.6",
            Nodes = { new NodeConfig { Id = 0, Ram = { new RamRange(0x40000000, 1UL << 40) } } },
        });
        Assert.True(m.AddDevice(new DeviceSpec { Name = "pmem0", Type = DeviceType.FsDax, Start = 1UL << 44, Size = size, Altmap = true }).Success);

        var linear = m.GetTablePageRuns(PageTableRegion.Linear, 3).Where(r => r.Device == "pmem0").ToList();

        Assert.Equal(size / (2UL << 20), linear.Aggregate(0UL, (n, r) => n + r.Tables));
        Assert.Equal(size, linear.Aggregate(0UL, (n, r) => n + r.Span));
        // The PTE tables of each GiB follow its PMD table, so at most one run per GiB: 16,384, not 8 million.
        Assert.True(linear.Count <= (int)(size >> 30), $"{linear.Count} runs");
    }
}
