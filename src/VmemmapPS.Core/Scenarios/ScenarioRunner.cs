using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using VmemmapPS.Core.Scenarios.Expectations;
using VmemmapPS.Core.Scenarios.Running;
using VmemmapPS.Core.Units;

namespace VmemmapPS.Core.Scenarios;

/// <summary>The outcome of running a scenario: its rows, and for a sweep one row per combination.</summary>
public sealed class ScenarioRun
{
    public Scenario Scenario { get; init; } = null!;

    /// <summary>Step, expectation and summary rows in run order (for a sweep: of every combination).</summary>
    public IReadOnlyList<ScenarioResult> Results { get; init; } = new List<ScenarioResult>();

    /// <summary>One row per combination; empty when the scenario is not a sweep (whose Results end with its own summary).</summary>
    public IReadOnlyList<SweepRow> Rows { get; init; } = new List<SweepRow>();

    public bool Pass => Results.All(r => r.Pass);
}

/// <summary>Runs validated scenarios against fresh simulated machines. Deterministic: same scenario, same rows.</summary>
public static class ScenarioRunner
{
    public static ScenarioRun Run(Scenario scenario, IProgress<SimProgress>? progress = null, CancellationToken cancel = default)
    {
        var results = new List<ScenarioResult>();
        var rows = new List<SweepRow>();
        Run(scenario, results.Add, rows.Add, progress, cancel: cancel);
        return new ScenarioRun { Scenario = scenario, Results = results, Rows = rows };
    }

    /// <summary>Streams rows as they are produced (the cmdlet writes them to the pipeline while the run goes on).
    /// Each run ends with a summary row; a sweep also gives <paramref name="onRow"/> one row per combination.
    /// A sweep runs its combinations on <paramref name="parallelism"/> threads (0: one per core), each on its own
    /// machine; the callbacks still run on the calling thread, in combination order, so the output is the same
    /// as one combination after the other.</summary>
    public static void Run(Scenario scenario, Action<ScenarioResult> onResult, Action<SweepRow>? onRow, IProgress<SimProgress>? progress = null, int parallelism = 0, CancellationToken cancel = default)
    {
        if (!scenario.IsSweep)
        {
            RunOnce(scenario, 0, onResult, progress, cancel);
            return;
        }

        int total = scenario.Combinations.Count;
        int failedCombinations = 0;
        string? firstFailure = null;
        foreach (CombinationOutcome o in SweepRunner.RunInOrder(scenario.Combinations, (c, token) => RunCombination(scenario.Name, c, token), parallelism, cancel))
        {
            SweepCombination c = o.Combination;
            string values = string.Join(", ", c.Values.Select(v => $"{v.Key.Column}={v.Value.Text}"));
            progress?.Report(new SimProgress { Activity = $"combination {c.Number}/{total}", Status = values, Current = c.Number, Total = total });
            foreach (ScenarioResult r in o.Results)
            {
                onResult(r);
            }

            onRow?.Invoke(o.Row);
            if (o.Row.Failed > 0)
            {
                failedCombinations++;
                firstFailure ??= $"combination {c.Number} ({values}): {o.Row.FirstFailure}";
            }
        }

        // The sweep's own summary (Combination 0), so a gate on the Summary rows sees a failing combination.
        onResult(Summary(scenario.Name, 0, total - failedCombinations, failedCombinations, firstFailure));
    }

    /// <summary>One combination start to end, on a worker thread: its result rows buffered, then its sweep row.</summary>
    private static CombinationOutcome RunCombination(string sweep, SweepCombination c, CancellationToken cancel)
    {
        var results = new List<ScenarioResult>();
        ScenarioExecution run = RunOnce(c.Scenario, c.Number, results.Add, null, cancel);
        var row = new SweepRow
        {
            Scenario = sweep,
            Combination = c.Number,
            Parameters = c.Values.Select(v => new KeyValuePair<string, object?>(v.Key.Column, Typed(v.Key.Path, v.Value.Text))).ToList(),
            Report = ReadReport(c.Scenario, run),
            Passed = run.Passed,
            Failed = run.Failed,
            FirstFailure = run.FirstFailure,
        };
        return new CombinationOutcome(c, results, row);
    }

    /// <summary>A plain run counts its checks (steps and expectations); a sweep's own summary counts combinations.</summary>
    private static ScenarioResult Summary(string scenario, int combination, int passed, int failed, string? firstFailure)
    {
        string actual = string.Format(CultureInfo.InvariantCulture, "{0} passed, {1} failed", passed, failed);
        return new ScenarioResult
        {
            Scenario = scenario,
            Kind = ScenarioResultKind.Summary,
            Combination = combination,
            StepName = "summary",
            Name = scenario,
            Expected = "all pass",
            Actual = actual,
            ActualText = actual,
            Pass = failed == 0,
            Message = firstFailure ?? string.Empty,
        };
    }

    // Progress: Activity says where the run is (step n/N, or combination n/N of a sweep), Status what it does.
    private static ScenarioExecution RunOnce(Scenario scenario, int combination, Action<ScenarioResult> onResult, IProgress<SimProgress>? progress, CancellationToken cancel)
    {
        int steps = scenario.Steps.Count;
        var run = new ScenarioExecution(scenario, combination, onResult, (name, n) =>
            progress?.Report(new SimProgress { Activity = $"step {n}/{steps}", Status = name, Current = n - 1, Total = steps }), cancel);
        run.Run();
        onResult(Summary(scenario.Name, combination, run.Passed, run.Failed, run.FirstFailure));
        return run;
    }

    private static List<KeyValuePair<string, object?>> ReadReport(Scenario scenario, ScenarioExecution run)
    {
        if (run.Machine is null)
        {
            return scenario.Report.Select(r => new KeyValuePair<string, object?>(r.Name, null)).ToList();
        }

        var context = new MetricContext(run.Machine, null);
        return scenario.Report.Select(r => new KeyValuePair<string, object?>(r.Name, r.Resolved!.Read(context))).ToList();
    }

    // Numbers stay numbers in sweep rows: sizes become bytes, counts become integers.
    private static object Typed(string path, string text)
    {
        string last = path.Split('.').Last();
        switch (last)
        {
            case "pageSize":
            case "size":
            case "start":
            case "align":
                return ByteSize.TryParse(text, out ulong bytes, out _) ? bytes : text;
            case "vaBits":
            case "node":
            case "reservePages":
            case "freePages":
                return Comparison.TryCount(text, out ulong count) ? count : text;
            case "rodataFull":
                return text == "true" ? true : text == "false" ? false : text;
            default:
                return text;
        }
    }
}
