using System.Linq;
using Xunit;

namespace VmemmapPS.Core.Tests.Hardening;

/// <summary>Consecutive equal items fold into one run with a count and an address range; order is kept.</summary>
public class RunsTests
{
    [Fact]
    public void ConsecutiveEqualKeys_FoldWithCountAndRange()
    {
        var items = new[] { ("leak", 0x3000UL), ("leak", 0x1000UL), ("leak", 0x2000UL), ("baseline", 0UL), ("leak", 0x9000UL) };
        var runs = Runs.Consecutive(items, i => i.Item1, i => i.Item2);
        Assert.Equal(new[] { "leak", "baseline", "leak" }, runs.Select(r => r.First.Item1).ToArray());
        Assert.Equal(new long[] { 3, 1, 1 }, runs.Select(r => r.Count).ToArray());
        Assert.Equal(0x1000UL, runs[0].FirstAddress);
        Assert.Equal(0x3000UL, runs[0].LastAddress);
    }

    [Fact]
    public void Weight_CountsTheOccurrencesARecordStandsFor()
    {
        var items = new[] { ("warn", 0x1000UL, 5L), ("warn", 0x2000UL, 2L), ("other", 0UL, 1L) };
        var runs = Runs.Consecutive(items, i => i.Item1, i => i.Item2, i => i.Item3);
        Assert.Equal(new long[] { 7, 1 }, runs.Select(r => r.Count).ToArray());
    }

    /// <summary>A DEVICE_PRIVATE range above the 48-bit linear map on 6.6 warns once per populated section; the runs
    /// fold those into one per kind.</summary>
    [Fact]
    public void PrivateRangeOutsideTheWindow_WarningsFoldToOneRun()
    {
        SimMachine m = SimMachine.Boot(new MachineConfig { KernelVersion = "6.6" });
        HotplugResult r = m.AddDevice(new DeviceSpec { Name = "gpu", Type = DeviceType.Private, Start = 0x8000_0000_0000UL, Size = 16UL << 30 });
        // Many identical WARNs: the warning log stores consecutive ones as one record with a count, and what is
        // left folds into one run for display.
        Assert.True(r.Warnings.Sum(w => w.Count) > 1);
        var runs = Runs.Consecutive(r.Warnings, w => w.Function + "|" + w.Condition + "|" + w.Device, w => w.Address);
        Assert.Single(runs);
        Assert.Equal(r.Warnings.Count, runs[0].Count);
    }
}
