using System.Linq;
using Xunit;

namespace VmemmapPS.Core.Tests.Internals;

public class TableSpanTests
{
    //  PMD table covering 16G..17G (one PMD entry per 2 MiB)
    //  | A: 3 PTE tables (16G..16G+6M) | B: 2 PTE tables (..+10M) | none ...
    //  Removing A frees exactly A's PTE tables; B's entries still translate; the PMD table stays (B uses it).
    [Fact]
    public void BulkPageGranularTablesBehaveLikeIndividualOnes()
    {
        const ulong gib = 1UL << 30, mib = 1UL << 20;
        SimMachine m = SimMachine.Boot(new MachineConfig { KernelVersion = "6.14" });
        Assert.True(m.AddDevice(new DeviceSpec { Name = "a", Type = DeviceType.Generic, Start = 16 * gib, Size = 6 * mib }).Success);
        Assert.True(m.AddDevice(new DeviceSpec { Name = "b", Type = DeviceType.Generic, Start = 16 * gib + 6 * mib, Size = 4 * mib }).Success);
        ulong pmd = m.Geometry.PmdSize;
        Assert.Equal((int)(6 * mib / pmd), m.GetTablePages(PageTableRegion.Linear, 3).Count(t => t.Device == "a"));
        for (ulong off = 0; off < 10 * mib; off += 0x81000)
        {
            Assert.Equal(16 * gib + off, m.TranslateVirtual(m.PhysToVirt(16 * gib + off)));
        }

        ulong freeBefore = m.SystemRamFreeBytes;
        HotplugResult r = m.RemoveDevice("a");
        Assert.True(r.Success);
        Assert.Null(m.TranslateVirtual(m.PhysToVirt(16 * gib)));
        Assert.Equal(16 * gib + 7 * mib, m.TranslateVirtual(m.PhysToVirt(16 * gib + 7 * mib)));
        Assert.Equal(0, m.GetTablePages(PageTableRegion.Linear, 3).Count(t => t.Device == "a"));
        Assert.Empty(m.CheckInvariants());
        Assert.True(m.SystemRamFreeBytes > freeBefore);
        Assert.True(m.RemoveDevice("b").Success);
        Assert.Empty(m.CheckInvariants());
        Assert.Equal(m.BaselineFreeBytes, m.SystemRamFreeBytes);
    }

    [Fact]
    public void CloneCopiesSpansDeeply()
    {
        const ulong gib = 1UL << 30;
        SimMachine m = SimMachine.Boot(new MachineConfig());
        Assert.True(m.AddDevice(new DeviceSpec { Name = "a", Type = DeviceType.Generic, Start = 16 * gib, Size = 2 * gib }).Success);
        SimMachine c = m.Clone();
        Assert.True(c.RemoveDevice("a").Success);
        Assert.Null(c.TranslateVirtual(c.PhysToVirt(17 * gib)));
        Assert.Equal(17 * gib, m.TranslateVirtual(m.PhysToVirt(17 * gib)));
        int expectedPtes = (int)(2 * gib / m.Geometry.PmdSize);
        Assert.Equal(expectedPtes, m.GetTablePages(PageTableRegion.Linear, 3).Count(t => t.Device == "a"));
        Assert.Empty(m.CheckInvariants());
        Assert.Empty(c.CheckInvariants());
    }

    // A page-granular linear map must come back to baseline on every add/remove cycle, also when
    // the second cycle's tables reuse the pages of the first cycle's (freed) span tables.
    [Fact]
    public void RepeatedAddRemoveCyclesReturnToBaseline()
    {
        const ulong gib = 1UL << 30;
        SimMachine m = SimMachine.Boot(new MachineConfig { KernelVersion = "6.6" });
        int bootTables = m.GetTablePages().Count;
        for (int cycle = 0; cycle < 3; cycle++)
        {
            Assert.True(m.AddDevice(new DeviceSpec { Name = "pmem0", Start = 16 * gib, Size = 8 * gib, Altmap = true }).Success);
            Assert.True(m.AddDevice(new DeviceSpec { Name = "pmem1", Start = 24 * gib, Size = 8 * gib }).Success);
            Assert.True(m.RemoveDevice("pmem0").Success);
            Assert.True(m.RemoveDevice("pmem1").Success);
            Assert.Equal(m.BaselineFreeBytes, m.SystemRamFreeBytes);
            Assert.Equal(bootTables, m.GetTablePages().Count);
            Assert.Empty(m.Warnings);
            Assert.Empty(m.CheckInvariants());
        }
    }

    // Observers read span tables through views: looking must not split a run into per-table pages, or every report
    // would cost what the run saves.
    [Fact]
    public void ReadingTheTablesLeavesTheSpansWhole()
    {
        const ulong gib = 1UL << 30;
        SimMachine m = SimMachine.Boot(new MachineConfig { KernelVersion = "6.14" });
        Assert.True(m.AddDevice(new DeviceSpec { Name = "a", Type = DeviceType.Generic, Start = 16 * gib, Size = 4 * gib }).Success);
        ulong spanPages = m.KernelForTests.SpanPages;
        Assert.True(spanPages > 0, "the page-granular linear map of the device keeps its PTE tables in spans");

        for (ulong off = 0; off < 4 * gib; off += 0x1234_5000)
        {
            Assert.Equal(16 * gib + off, m.TranslateVirtual(m.PhysToVirt(16 * gib + off)));
        }

        Assert.NotEmpty(m.GetTablePages(PageTableRegion.Linear, 3));
        Assert.NotEmpty(m.GetTablePageRuns());
        Assert.NotEmpty(m.GetVmemmapMappings("a"));
        Assert.NotEmpty(m.DumpPageTables());
        Assert.Empty(m.CheckInvariants());
        Assert.NotEmpty(m.MeasureUsage());
        Assert.Equal(spanPages, m.KernelForTests.SpanPages);
    }
}
