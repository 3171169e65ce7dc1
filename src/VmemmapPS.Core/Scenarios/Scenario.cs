using System.Collections.Generic;
using VmemmapPS.Core.Scenarios.Yaml;

namespace VmemmapPS.Core.Scenarios;

/// <summary>
/// A validated scenario: a machine, its devices, the steps to run and what must come out. Built only by
/// <see cref="ScenarioLoader"/>, so an instance always passed validation (and so did every sweep combination).
/// </summary>
public sealed class Scenario
{
    internal Scenario(YNode document, IReadOnlyList<KeyValuePair<string, string>> overrides)
    {
        Document = document;
        Overrides = overrides;
    }

    public string Name { get; init; } = string.Empty;

    public string? Description { get; init; }

    /// <summary>File it was read from, or the source name given to <see cref="ScenarioLoader.Parse"/>.</summary>
    public string Path { get; init; } = string.Empty;

    public MachineConfig Machine { get; init; } = new();

    public IReadOnlyList<DeviceSpec> Devices { get; init; } = new List<DeviceSpec>();

    /// <summary>The steps; for a sweep, those of its first combination ('when' may keep other steps in others).</summary>
    public IReadOnlyList<ScenarioStep> Steps { get; init; } = new List<ScenarioStep>();

    public IReadOnlyList<SweepAxis> Sweep { get; init; } = new List<SweepAxis>();

    public IReadOnlyList<ReportColumn> Report { get; init; } = new List<ReportColumn>();

    /// <summary>-Set values applied on top of the file, sorted by path.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Overrides { get; }

    public bool IsSweep => Sweep.Count > 0;

    /// <summary>How many runs Invoke-SimScenario will do: the number of sweep combinations, or 1.</summary>
    public int RunCount => IsSweep ? Combinations.Count : 1;

    /// <summary>Steps one run executes, repeats multiplied out (saturating at long.MaxValue).</summary>
    public long StepCount => CountSteps(Steps);

    /// <summary>Number of expectations, counting those inside repeats once.</summary>
    public int ExpectationCount => CountExpectations(Steps);

    /// <summary>The YAML tree the scenario was bound from; overrides and sweeps rebind a modified copy.</summary>
    internal YNode Document { get; }

    /// <summary>Sweep combinations, each already bound and validated (empty when not a sweep).</summary>
    internal IReadOnlyList<SweepCombination> Combinations { get; init; } = new List<SweepCombination>();

    public override string ToString() => Name;

    private static long CountSteps(IReadOnlyList<ScenarioStep> steps)
    {
        long n = 0;
        foreach (ScenarioStep s in steps)
        {
            long inner = s.Kind == ScenarioStepKind.Repeat ? Saturating(s.Times, CountSteps(s.Steps)) : 0;
            n = inner > long.MaxValue - 1 - n ? long.MaxValue : n + 1 + inner;
        }

        return n;
    }

    private static long Saturating(long a, long b) => a == 0 || b <= long.MaxValue / a ? a * b : long.MaxValue;

    private static int CountExpectations(IReadOnlyList<ScenarioStep> steps)
    {
        int n = 0;
        foreach (ScenarioStep s in steps)
        {
            n += s.Expectations.Count + CountExpectations(s.Steps);
        }

        return n;
    }
}

/// <summary>One point of a sweep: the value of each axis and the scenario bound with those values.</summary>
internal sealed class SweepCombination
{
    public SweepCombination(int number, IReadOnlyList<KeyValuePair<SweepAxis, YScalar>> values, Scenario scenario)
    {
        Number = number;
        Values = values;
        Scenario = scenario;
    }

    /// <summary>1-based, in expansion order (first axis slowest).</summary>
    public int Number { get; }

    public IReadOnlyList<KeyValuePair<SweepAxis, YScalar>> Values { get; }

    public Scenario Scenario { get; }
}
