using System.Collections.Generic;
using System.Linq;
using VmemmapPS.Core.Units;
using Xunit;

namespace VmemmapPS.Core.Tests.Internals;

/// <summary>
/// Get-SimPageTable -Runs folds the table pages into runs: tables of one region and level, alike in use, storage,
/// node and owner, each following the last in VA and in PA. Laid out one by one again, the runs must be exactly
/// the table pages, and no two neighbouring runs may be foldable into one.
/// </summary>
public class TableRunReportTests
{
    private sealed record Table(PageTableRegion Region, int Level, ulong Pa, ulong Va, ulong Span, int Used, int Total, bool Uniform,
        string? Device, int Node);

    private static SimMachine MixedMachine()
    {
        // page-granular linear maps kept as spans, a vmemmap from an altmap, and the spans a removal emptied
        SimMachine m = SimMachine.Boot(new MachineConfig { KernelVersion = "6.14" });
        Assert.True(m.AddDevice(new DeviceSpec { Name = "a", Type = DeviceType.Generic, Start = 16 * ByteSize.GiB, Size = 6 * ByteSize.MiB }).Success);
        Assert.True(m.AddDevice(new DeviceSpec { Name = "b", Type = DeviceType.Generic, Start = 16 * ByteSize.GiB + 6 * ByteSize.MiB, Size = 2 * ByteSize.GiB }).Success);
        Assert.True(m.AddDevice(new DeviceSpec { Name = "pmem0", Type = DeviceType.FsDax, Start = 64 * ByteSize.GiB, Size = 16 * ByteSize.GiB, Altmap = true }).Success);
        Assert.True(m.AddDevice(new DeviceSpec { Name = "c", Type = DeviceType.Generic, Start = 96 * ByteSize.GiB, Size = ByteSize.GiB }).Success);
        Assert.True(m.RemoveDevice("a").Success);
        return m;
    }

    public static IEnumerable<object?[]> Filters() => new[]
    {
        new object?[] { null, null, true },
        new object?[] { PageTableRegion.Linear, 3, true },
        new object?[] { PageTableRegion.Vmemmap, null, false }, // one PMD table for 16 GiB of device: nothing to fold
        new object?[] { null, 2, false },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public void RunsLaidOutAgainAreTheTablePages_AndNoTwoNeighboursFold(PageTableRegion? region, int? level, bool folds)
    {
        SimMachine m = MixedMachine();
        ulong page = m.Geometry.PageSize;
        List<Table> tables = m.GetTablePages(region, level)
            .Select(t => new Table(t.Region, t.Level, t.PhysAddr, t.VirtualBase, t.Span, t.EntriesUsed, t.EntriesTotal, t.Uniform, t.Device, t.Node))
            .OrderBy(t => t.Region).ThenBy(t => t.Level).ThenBy(t => t.Va).ToList();
        IReadOnlyList<TablePageRun> runs = m.GetTablePageRuns(region, level);

        var laidOut = new List<Table>();
        foreach (TablePageRun r in runs)
        {
            Assert.True(r.Tables > 0, $"an empty run at 0x{r.VirtualBase:x}");
            Assert.Equal(r.Tables * page, r.Bytes);
            Assert.Equal(0UL, r.Span % r.Tables);
            ulong perTable = r.Span / r.Tables;
            for (ulong j = 0; j < r.Tables; j++)
            {
                laidOut.Add(new Table(r.Region, r.Level, r.PhysAddr + j * page, r.VirtualBase + j * perTable, perTable, r.EntriesUsed,
                    r.EntriesTotal, r.Uniform, r.Device, r.Node));
            }
        }

        Assert.Equal(tables, laidOut);
        if (folds)
        {
            Assert.True(runs.Count < tables.Count, "nothing folded: the machine has no run of tables to test with");
        }
        for (int i = 1; i < runs.Count; i++)
        {
            TablePageRun a = runs[i - 1], b = runs[i];
            bool foldable = a.Region == b.Region && a.Level == b.Level && a.EntriesUsed == b.EntriesUsed && a.EntriesTotal == b.EntriesTotal
                && a.Uniform == b.Uniform && a.Node == b.Node && a.Device == b.Device && a.Span / a.Tables == b.Span / b.Tables
                && b.VirtualBase == a.VirtualBase + a.Span && b.PhysAddr == a.PhysAddr + a.Bytes;
            Assert.False(foldable, $"runs {i - 1} and {i} ({a.Region} level {a.Level} at 0x{a.VirtualBase:x} and 0x{b.VirtualBase:x}) should be one");
        }

        if (region is not null || level is not null)
        {
            Assert.All(runs, r => Assert.True((region is null || r.Region == region) && (level is null || r.Level == level)));
        }
    }
}
