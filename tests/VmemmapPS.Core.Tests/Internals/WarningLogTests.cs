using System.Linq;
using VmemmapPS.Core.Sim;
using Xunit;

namespace VmemmapPS.Core.Tests.Internals;

/// <summary>
/// The WARN log: consecutive hits of one check within an operation are one record with a count (a WARN per PTE
/// of a terabyte stays one record), an operation boundary starts new records, WARN_ONCE fires once per machine,
/// and a cloned machine carries all of that on without sharing it.
/// </summary>
public class WarningLogTests
{
    [Fact]
    public void ConsecutiveHitsOfOneCheck_AreOneRecordCountingThemAll_WithTheFirstHitsAddressAndText()
    {
        var log = new WarningLog();

        log.Warn("vmemmap_free", "!pte", 0x1000, "pmem0", "first");
        log.Warn("vmemmap_free", "!pte", 0x2000, "pmem0", "second", count: 511);

        KernelWarning w = Assert.Single(log.All);
        Assert.Equal(1L, w.Sequence);
        Assert.Equal(512, w.Count);
        Assert.Equal(0x1000UL, w.Address);
        Assert.Equal("first", w.Message);
        Assert.Equal(512, log.Hits);
    }

    [Theory]
    [InlineData("vmemmap_free", "!pte", "pmem1")]     // another device
    [InlineData("vmemmap_free", "!pmd", "pmem0")]     // another condition
    [InlineData("unmap_hotplug_range", "!pte", "pmem0")] // another function
    public void AHitOfAnotherCheck_StartsTheNextRecord(string function, string condition, string device)
    {
        var log = new WarningLog();
        log.Warn("vmemmap_free", "!pte", 0x1000, "pmem0", "first");

        log.Warn(function, condition, 0x2000, device, "second");

        Assert.Equal(new[] { 1L, 2L }, log.All.Select(w => w.Sequence).ToArray());
        Assert.Equal(new[] { 1L, 1L }, log.All.Select(w => w.Count).ToArray());
        Assert.Equal(2, log.Hits);
    }

    [Fact]
    public void AfterACheckpoint_TheSameCheckIsANewRecord_AndSinceReturnsOnlyIt()
    {
        var log = new WarningLog();
        log.Warn("vmemmap_free", "!pte", 0x1000, "pmem0", "first", count: 3);

        int mark = log.Checkpoint();
        log.Warn("vmemmap_free", "!pte", 0x1000, "pmem0", "again");
        log.Warn("vmemmap_free", "!pte", 0x1000, "pmem0", "again");

        Assert.Equal(1, mark);
        Assert.Equal(new[] { 3L, 2L }, log.All.Select(w => w.Count).ToArray());
        KernelWarning since = Assert.Single(log.Since(mark));
        Assert.Equal(2L, since.Sequence);
        Assert.Equal(5, log.Hits);
    }

    [Fact]
    public void WarnOnce_RecordsTheFirstHitPerCheckOnly()
    {
        var log = new WarningLog();

        log.WarnOnce("vmemmap_populate", "altmap", 0, null, "once");
        log.Checkpoint();
        log.WarnOnce("vmemmap_populate", "altmap", 0, null, "once");
        log.WarnOnce("vmemmap_populate", "other", 0, null, "once more");

        Assert.Equal(new[] { "altmap", "other" }, log.All.Select(w => w.Condition).ToArray());
        Assert.Equal(2, log.Hits);
    }

    [Fact]
    public void AClone_CarriesRecordsHitsOnceChecksAndTheBoundary_WithoutSharingThem()
    {
        var log = new WarningLog();
        log.WarnOnce("vmemmap_populate", "altmap", 0, null, "once");
        log.Warn("vmemmap_free", "!pte", 0x1000, "pmem0", "first", count: 4);
        log.Checkpoint();

        WarningLog clone = log.Clone();
        clone.WarnOnce("vmemmap_populate", "altmap", 0, null, "once");   // already fired on this machine
        clone.Warn("vmemmap_free", "!pte", 0x1000, "pmem0", "after");   // a new operation: not merged into the copy

        Assert.Equal(new[] { 1L, 4L, 1L }, clone.All.Select(w => w.Count).ToArray());
        Assert.Equal(6, clone.Hits);
        Assert.Equal(new[] { 1L, 4L }, log.All.Select(w => w.Count).ToArray());
        Assert.Equal(5, log.Hits);
    }
}
