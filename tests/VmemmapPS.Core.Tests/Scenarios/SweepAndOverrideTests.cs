using System.Collections.Generic;
using System.Linq;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Scenarios;
using Xunit;

namespace VmemmapPS.Core.Tests.Scenarios;

/// <summary>Sweep expansion and -Set overrides: both rebind the YAML tree, so both get full validation.</summary>
public class SweepAndOverrideTests
{
    private const string Sweep = """
        machine:
          pageSize: 4K
        devices:
          - name: pmem0
            start: 0x8000000000
            size: 64G
        steps:
          - add: pmem0
        sweep:
          machine.pageSize: [4K, 16K, 64K]
          devices.pmem0.size: [64G, 1T]
          devices.pmem0.memmap: [dev, mem]
        report:
          Ram: usage.total.systemRamUsedBytes
        """;

    [Fact]
    public void CombinationsAreTheProductFirstAxisSlowest()
    {
        Scenario s = ScenarioAssert.Load(Sweep);
        Assert.True(s.IsSweep);
        Assert.Equal(new[] { "PageSize", "Size", "Memmap" }, s.Sweep.Select(a => a.Column).ToArray());
        Assert.Equal(3 * 2 * 2, s.Combinations.Count);
        Assert.Equal(Enumerable.Range(1, 12), s.Combinations.Select(c => c.Number));

        // 1: 4K/64G/dev, 2: 4K/64G/mem, 3: 4K/1T/dev ... 12: 64K/1T/mem.
        SweepCombination third = s.Combinations[2];
        Assert.Equal(new[] { "4K", "1T", "dev" }, third.Values.Select(v => v.Value.Text).ToArray());
        Assert.Equal(1UL << 40, third.Scenario.Devices[0].Size);
        Assert.True(third.Scenario.Devices[0].Altmap);
        SweepCombination last = s.Combinations[11];
        Assert.Equal(65536UL, last.Scenario.Machine.PageSize);
        Assert.False(last.Scenario.Devices[0].Altmap);
    }

    [Fact]
    public void ABadSweepValueIsFoundBeforeAnythingRunsAtItsPosition()
    {
        string yaml = Sweep.Replace("[64G, 1T]", "[64G, 1Q]");
        ScenarioException e = Assert.Throws<ScenarioException>(() => ScenarioAssert.Load(yaml));
        Assert.Equal(FailureKind.ScenarioValidationFailed.ToString(), e.ErrorId);
        ScenarioDiagnostic d = Assert.Single(e.Diagnostics);
        Assert.Equal(("BadSize", 11, 29), (d.Code, d.Line, d.Column));
    }

    [Fact]
    public void SweepOfAnUnknownDeviceIsDangling()
    {
        string yaml = Sweep.Replace("devices.pmem0.memmap", "devices.pmem1.memmap");
        ScenarioException e = Assert.Throws<ScenarioException>(() => ScenarioAssert.Load(yaml));
        Assert.Contains(e.Diagnostics, d => d.Code == "DanglingDevice" && d.Line == 12);
    }

    [Fact]
    public void SetReplacesAValueAndPinsASweptAxis()
    {
        var set = new[] { new KeyValuePair<string, string>("machine.pageSize", "64K") };
        Scenario s = ScenarioLoader.Parse(Sweep, ScenarioAssert.Source, set);
        Assert.Equal(new[] { "Size", "Memmap" }, s.Sweep.Select(a => a.Column).ToArray());
        Assert.Equal(4, s.Combinations.Count);
        Assert.All(s.Combinations, c => Assert.Equal(65536UL, c.Scenario.Machine.PageSize));
        Assert.Equal(set, s.Overrides);
    }

    [Fact]
    public void WithOverridesRebindsAnImportedScenario()
    {
        const string yaml = "devices:\n  - name: pmem0\n    start: 0x8000000000\n    size: 64G\nsteps:\n  - add: pmem0\n";
        Scenario s = ScenarioAssert.Load(yaml);
        Scenario changed = ScenarioLoader.WithOverrides(s, new[] { new KeyValuePair<string, string>("devices.pmem0.size", "1T") });
        Assert.Equal(64UL << 30, s.Devices[0].Size);
        Assert.Equal(1UL << 40, changed.Devices[0].Size);
    }

    [Theory]
    [InlineData("machine.pageSize", "8K", "BadValue")]
    [InlineData("machine.colour", "blue", "UnknownKey")]
    [InlineData("devices.pmem9.size", "1G", "DanglingDevice")]
    [InlineData("steps", "none", "BadOverride")]
    [InlineData("devices.pmem0.size", "lots", "BadSize")]
    public void BadSetValuesAreValidationErrorsNamingTheOverride(string path, string value, string code)
    {
        const string yaml = "devices:\n  - name: pmem0\n    start: 0x8000000000\n    size: 64G\nsteps: []\n";
        ScenarioException e = Assert.Throws<ScenarioException>(() =>
            ScenarioLoader.Parse(yaml, ScenarioAssert.Source, new[] { new KeyValuePair<string, string>(path, value) }));
        Assert.Equal(FailureKind.ScenarioValidationFailed.ToString(), e.ErrorId);
        Assert.Equal(code, e.First.Code);
        Assert.Equal($"-Set '{path}'", e.First.File);
    }

    [Fact]
    public void TooManyCombinationsAreRefused()
    {
        string values = "[" + string.Join(", ", Enumerable.Range(1, 70).Select(i => i + "G")) + "]";
        string yaml = "devices:\n  - name: pmem0\n    start: 0x8000000000\n    size: 64G\n    align: 2M\nsteps: []\nsweep:\n  devices.pmem0.size: " + values + "\n  devices.pmem0.align: " + values + "\n";
        ScenarioException e = Assert.Throws<ScenarioException>(() => ScenarioAssert.Load(yaml));
        Assert.Contains("4900 combinations", e.Message);
    }
}
