using System.Collections.Generic;
using System.Linq;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Scenarios;
using Xunit;

namespace VmemmapPS.Core.Tests.Scenarios;

/// <summary>The runner against the simulator: rows, expected and unexpected failures, labels, repeats, sweeps.</summary>
public class RunnerTests
{
    // 16G map=mem Generic range on 4K: memmap = 16G / 4K * 64 B = 256M = 128 PMD blocks.
    private const ulong Memmap = (16UL << 30) / 4096 * 64;

    private const string Machine = "machine: { pageSize: 4K, vaBits: 48, kernel: \"6.6\" }\n";
    private const string Device = "devices: [ { name: cxl0, type: Generic, start: 0x1000000000, size: 16G, memmap: mem } ]\n";

    private static ScenarioRun Run(string yaml, params (string Path, string Value)[] set) => ScenarioAssert.Run(yaml, set);

    [Fact]
    public void RowsComeInStepOrderWithASummary()
    {
        ScenarioRun run = Run(Machine + Device + $"steps:\n  - add: cxl0\n    expect: {{ usage.cxl0.vmemmapFromSystemRamBytes: {Memmap}, mappings.cxl0.pmd: 128 }}\n  - label: full\n");
        Assert.Equal(new[] { ScenarioResultKind.Step, ScenarioResultKind.Expectation, ScenarioResultKind.Expectation, ScenarioResultKind.Step, ScenarioResultKind.Summary },
            run.Results.Select(r => r.Kind).ToArray());
        Assert.True(run.Pass);
        ScenarioResult memmap = run.Results[1];
        Assert.Equal("usage.cxl0.vmemmapFromSystemRamBytes", memmap.Name);
        Assert.Equal(Memmap, memmap.Actual);
        Assert.Equal("256M", memmap.ActualText);
        Assert.Equal((5, 15), (memmap.Line, memmap.Column));
    }

    [Fact]
    public void AWrongExpectationFailsItsRowAndTheSummary()
    {
        ScenarioRun run = Run(Machine + Device + "steps:\n  - add: cxl0\n    expect: { mappings.cxl0.pmd: 127 }\n");
        ScenarioResult row = run.Results.Single(r => r.Kind == ScenarioResultKind.Expectation);
        Assert.False(row.Pass);
        Assert.Equal(128UL, row.Actual);
        Assert.Contains("expected 127", row.Message);
        Assert.False(run.Results[^1].Pass);
        Assert.Equal("1 passed, 1 failed", run.Results[^1].Actual);
    }

    [Fact]
    public void AFailureTheFileExpectsPassesAndAnUnexpectedOneFails()
    {
        // 256G on 4K needs a 256G / 4K * 64 B = 4G memmap in RAM; the machine has 1G.
        const string small = "machine: { pageSize: 4K, kernel: \"6.6\", nodes: [ { id: 0, ram: [ { start: 0x40000000, size: 1G } ] } ] }\n"
            + "devices: [ { name: cxl0, type: Generic, start: 0x1000000000, size: 256G, memmap: mem } ]\n";
        ScenarioRun expected = Run(small + "steps:\n  - add: cxl0\n    expect: { errno: ENOMEM, success: false }\n");
        Assert.True(expected.Pass);
        Assert.Equal("failure", expected.Results[0].Expected);
        Assert.StartsWith("-12 (ENOMEM)", (string)expected.Results[0].Actual!);

        ScenarioRun unexpected = Run(small + "steps:\n  - add: cxl0\n");
        Assert.False(unexpected.Results[0].Pass);
    }

    [Fact]
    public void RefusedInputIsAFailedStepWithTheCoreErrorId()
    {
        // The device overlaps the machine's RAM: refused before any state changes (SimException).
        const string overlap = "devices: [ { name: bad, type: Generic, start: 0x40000000, size: 1G } ]\n";
        ScenarioRun run = Run(Machine + overlap + "steps:\n  - add: bad\n    expect: { errorId: DeviceMemoryOverlap, devices: 0 }\n");
        Assert.True(run.Pass, string.Join("\n", run.Results.Select(r => r.ToString())));
    }

    [Fact]
    public void DifferencesSinceALabel()
    {
        ScenarioRun run = Run(Machine + Device + "steps:\n  - label: before\n  - add: cxl0\n"
            + $"    expect: {{ usage.total.vmemmapFromSystemRamBytes: {{ since: before, value: {Memmap} }}, systemRamFree: {{ since: before, value: '<= -{Memmap}' }} }}\n"
            + "  - remove: cxl0\n    expect: { systemRamFree: { since: before, value: 0 }, mappings.all.pmd: { since: boot, value: 0 } }\n");
        Assert.True(run.Pass, string.Join("\n", run.Results.Where(r => !r.Pass).Select(r => r.ToString())));
        ScenarioResult free = run.Results.First(r => r.Name == "systemRamFree");
        Assert.True((long)free.Actual! <= -(long)Memmap);
        Assert.Equal($"<= -{Memmap} since before", free.Expected);
    }

    [Fact]
    public void RepeatNamesEachIteration()
    {
        ScenarioRun run = Run(Machine + Device + "steps:\n  - repeat: { times: 3, steps: [ { add: cxl0 }, { remove: cxl0, expect: { devices: 0 } } ] }\n");
        Assert.True(run.Pass);
        Assert.Equal(new[] { "[1/3] add cxl0", "[1/3] remove cxl0", "[2/3] add cxl0", "[2/3] remove cxl0", "[3/3] add cxl0", "[3/3] remove cxl0" },
            run.Results.Where(r => r.Kind == ScenarioResultKind.Step).Select(r => r.StepName).ToArray());
        Assert.All(run.Results.Where(r => r.Kind != ScenarioResultKind.Summary), r => Assert.Equal(1, r.Step));
    }

    [Fact]
    public void InjectedFailureReachesTheKernelPath()
    {
        // The next order-9 (2M) RAM allocation fails; v6.6 without an altmap falls back to base pages.
        ScenarioRun run = Run(Machine + "devices: [ { name: cxl0, type: Generic, start: 0x1000000000, size: 128M, memmap: mem } ]\n"
            + "steps:\n  - injectFailure: { nth: 1, order: 9 }\n  - add: cxl0\n    expect: { mappings.cxl0.pte: 512, mappings.cxl0.pmd: 0 }\n");
        Assert.True(run.Pass, string.Join("\n", run.Results.Where(r => !r.Pass).Select(r => r.ToString())));
    }

    [Fact]
    public void SweepRowsCarryAxesReportAndCounts()
    {
        ScenarioRun run = Run(Machine + Device + "steps:\n  - add: cxl0\n    expect: { invariants: pass }\nsweep:\n  machine.pageSize: [4K, 64K]\nreport:\n  Memmap: usage.cxl0.vmemmapBytes\n");
        Assert.Equal(2, run.Rows.Count);
        Assert.Equal(new object?[] { 4096UL, 65536UL }, run.Rows.Select(r => r.Parameters.Single(p => p.Key == "PageSize").Value).ToArray());
        Assert.Equal(new object?[] { Memmap, (16UL << 30) / 65536 * 64 }, run.Rows.Select(r => r.Report.Single().Value).ToArray());
        Assert.All(run.Rows, r => Assert.True(r.Pass));
        Assert.Equal(new[] { "Scenario", "Kind", "Combination", "PageSize", "Memmap", "Checks", "Passed", "Failed", "Pass", "FirstFailure" },
            run.Rows[0].Columns.Select(c => c.Key).ToArray());
        Assert.All(run.Rows, r => Assert.Equal(ScenarioResultKind.Combination, r.Kind));

        // One step and one expectation per combination; the sweep's own summary (combination 0) comes last.
        Assert.All(run.Rows, r => Assert.Equal(2, r.Checks));
        Assert.Equal(new[] { 1, 2, 0 }, run.Results.Where(r => r.Kind == ScenarioResultKind.Summary).Select(r => r.Combination).ToArray());
        Assert.Equal("2 passed, 0 failed", run.Results[^1].ActualText);
    }

    [Fact]
    public void WhenKeepsAStepOnlyInMatchingCombinations()
    {
        Scenario s = ScenarioLoader.Parse(Machine + Device + "steps:\n  - add: cxl0\n  - checkInvariants: true\n    when: { machine.pageSize: 0x10000 }\nsweep:\n  machine.pageSize: [4K, 64K]\n", ScenarioAssert.Source);
        Assert.Equal(new[] { 1, 2 }, s.Combinations.Select(c => c.Scenario.Steps.Count).ToArray());
        Assert.Equal(2, s.Combinations[1].Scenario.Steps[1].Index);
    }

    [Fact]
    public void WhenOnAPathTheFileDoesNotSetIsAnError()
    {
        ScenarioAssert.Fails(Device + "steps:\n  - add: cxl0\n    when: { machine.kernel: \"5.8\" }\n", FailureKind.ScenarioValidationFailed, "BadValue", 4, 13);
    }

    [Fact]
    public void ExportedMachineRunsBackToTheSameUsage()
    {
        var machine = SimMachine.Boot(new MachineConfig { PageSize = 16384, KernelVersion = "6.6" });
        Assert.True(machine.AddDevice(new DeviceSpec { Name = "pmem0", Type = DeviceType.FsDax, Start = 0x1000000000, Size = 64UL << 30, Altmap = true }).Success);
        Assert.True(machine.AddDevice(new DeviceSpec { Name = "cxl0", Type = DeviceType.Generic, Start = 0x2000000000, Size = 64UL << 30 }).Success);

        // Explicit altmap pages without Altmap = true still mean an altmap: 64G / 16K * 64 B / 16K = 16384 pfns.
        Assert.True(machine.AddDevice(new DeviceSpec { Name = "cxl1", Type = DeviceType.Generic, Start = 0x3000000000, Size = 64UL << 30, AltmapReservePages = 0, AltmapFreePages = 16384 }).Success);
        string yaml = ScenarioExporter.Export(machine);
        Assert.Equal(yaml, ScenarioExporter.Export(machine));

        Scenario back = ScenarioLoader.Parse(yaml, "exported.yaml");
        Assert.Equal(16384UL, back.Machine.PageSize);
        Assert.Equal(new[] { "pmem0", "cxl0", "cxl1" }, back.Devices.Select(d => d.Name).ToArray());
        Assert.True(back.Devices[2].Altmap);
        Assert.Equal(16384UL, back.Devices[2].AltmapFreePages);
        ScenarioRun run = ScenarioRunner.Run(back);
        Assert.True(run.Pass, string.Join("\n", run.Results.Where(r => !r.Pass).Select(r => r.ToString())));
        Assert.Contains(run.Results, r => r.Name == "usage.total.vmemmapBytes" && (ulong)r.Actual! == 3 * ((64UL << 30) / 16384 * 64));
    }
}
