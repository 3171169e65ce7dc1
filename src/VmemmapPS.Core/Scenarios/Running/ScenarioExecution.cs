using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Scenarios.Expectations;

namespace VmemmapPS.Core.Scenarios.Running;

/// <summary>One run of one bound scenario (one sweep combination): boot, steps in order, expectations after each.</summary>
internal sealed class ScenarioExecution
{
    private readonly Scenario _scenario;
    private readonly int _combination;
    private readonly Action<ScenarioResult> _emit;
    private readonly Action<string, int> _onStep;
    private readonly CancellationToken _cancel;

    // For each label: the metrics some expectation reads 'since' it, so a label stores only what is compared later.
    private readonly Dictionary<string, List<Metric>> _labelMetrics;
    private readonly Dictionary<string, Dictionary<string, object?>> _snapshots = new(StringComparer.Ordinal);
    private SimMachine? _machine;

    public ScenarioExecution(Scenario scenario, int combination, Action<ScenarioResult> emit, Action<string, int> onStep, CancellationToken cancel)
    {
        _scenario = scenario;
        _combination = combination;
        _emit = emit;
        _onStep = onStep;
        _cancel = cancel;
        _labelMetrics = LabelMetrics(scenario.Steps);
    }

    public int Passed { get; private set; }

    public int Failed { get; private set; }

    public string? FirstFailure { get; private set; }

    public SimMachine? Machine => _machine;

    public void Run()
    {
        try
        {
            _machine = SimMachine.Boot(_scenario.Machine);
        }
        catch (SimException e)
        {
            Emit(new ScenarioResult
            {
                Kind = ScenarioResultKind.Step,
                StepName = "boot",
                Name = "boot",
                Expected = "success",
                Actual = e.Kind.ToString(),
                Pass = false,
                Message = e.Message,
            });
            return;
        }

        TakeSnapshot(Binding.StepBinder.BootLabel);
        int number = 0;
        foreach (ScenarioStep step in _scenario.Steps)
        {
            number++;
            _onStep(step.Name, number);
            Execute(step, number, string.Empty);
        }
    }

    private void Execute(ScenarioStep step, int number, string prefix)
    {
        _cancel.ThrowIfCancellationRequested();
        SimMachine machine = _machine!;
        string stepName = prefix + step.Name;
        if (step.Kind == ScenarioStepKind.Repeat)
        {
            for (int i = 1; i <= step.Times; i++)
            {
                string iteration = string.Format(CultureInfo.InvariantCulture, "{0}[{1}/{2}] ", prefix, i, step.Times);
                foreach (ScenarioStep inner in step.Steps)
                {
                    Execute(inner, number, iteration);
                }
            }

            EmitExpectations(step, number, stepName, null, null);
            return;
        }

        StepOutcome outcome = Perform(machine, step);
        if (step.Kind == ScenarioStepKind.Label)
        {
            TakeSnapshot(step.Label!);
        }

        bool expectFailure = ExpectsFailure(step);
        string expected = expectFailure ? "failure" : "success";
        object actual = outcome.Describe();
        bool pass = outcome.Success != expectFailure;
        IReadOnlyList<InvariantFinding>? findings = null;
        if (step.Kind == ScenarioStepKind.CheckInvariants)
        {
            findings = machine.CheckInvariants();
            bool expectBroken = step.Expectations.Any(e => e.Name == "invariants" && e.Expected == "fail");
            expected = expectBroken ? "fail" : "pass";
            actual = findings.Count == 0 ? "pass" : "fail";
            pass = (findings.Count == 0) != expectBroken;
            outcome = new StepOutcome { Message = string.Join("; ", findings.Select(f => $"{f.Check}: {f.Message}")) };
        }

        Emit(new ScenarioResult
        {
            Kind = ScenarioResultKind.Step,
            Step = number,
            StepName = stepName,
            Name = stepName,
            Expected = expected,
            Actual = actual,
            Pass = pass,
            Message = outcome.Message,
            Line = step.Line,
            Column = step.Column,
        });
        EmitExpectations(step, number, stepName, outcome, findings);
    }

    // A step may fail on purpose: the file says so with success: false, a non-zero errno or an error id.
    private static bool ExpectsFailure(ScenarioStep step) => step.Expectations.Any(e =>
        (e.Name == "success" && e.Expected == "false") ||
        (e.Name == "errno" && Errno.TryParse(e.Expected, out int n) && n != 0) ||
        (e.Name == "errorId" && e.Expected != "(none)"));

    private StepOutcome Perform(SimMachine machine, ScenarioStep step)
    {
        try
        {
            switch (step.Kind)
            {
                case ScenarioStepKind.Add:
                    return FromResult(machine.AddDevice(_scenario.Devices.First(d => Sim.SimNames.Same(d.Name, step.Device))));
                case ScenarioStepKind.Remove:
                    return FromResult(machine.RemoveDevice(step.Device!));
                case ScenarioStepKind.RemoveVmemmap:
                    return FromResult(machine.RemoveVmemmap(step.Start, step.Size, step.Device));
                case ScenarioStepKind.InjectFailure:
                    machine.InjectFailure(step.Fault!);
                    return new StepOutcome();
                default:
                    return new StepOutcome();
            }
        }
        catch (SimException e)
        {
            // Refused input: the machine is unchanged and the step records why, by errno and id.
            return new StepOutcome
            {
                Success = false,
                Errno = e.Errno,
                Failure = e.Kind,
                FailedFunction = e.KernelFunction,
                Message = e.Message,
            };
        }
    }

    private static StepOutcome FromResult(HotplugResult r) => new()
    {
        Success = r.Success,
        Errno = r.Errno,
        Failure = r.Failure,
        FailedFunction = r.FailedFunction,
        LeftState = r.LeftState,
        RamDeltaBytes = r.SystemRamDeltaBytes,
        WarningCount = r.Warnings.Count,
        Message = r.Message,
    };

    private void EmitExpectations(ScenarioStep step, int number, string stepName, StepOutcome? outcome, IReadOnlyList<InvariantFinding>? findings)
    {
        if (step.Expectations.Count == 0)
        {
            return;
        }

        var context = new MetricContext(_machine!, outcome, findings);
        foreach (ScenarioExpectation e in step.Expectations)
        {
            (object? actual, string? problem) = Read(e, context);
            bool pass = problem is null && e.Comparison.Matches(actual);
            Emit(new ScenarioResult
            {
                Kind = ScenarioResultKind.Expectation,
                Step = number,
                StepName = stepName,
                Name = e.Name,
                Expected = e.Describe(),
                Actual = actual,
                ActualText = Render(e, actual),
                Pass = pass,
                Message = pass ? string.Empty : problem ?? $"expected {e.Describe()}, got {Render(e, actual)}",
                Line = e.Line,
                Column = e.Column,
            });
        }
    }

    private (object? Actual, string? Problem) Read(ScenarioExpectation e, MetricContext context)
    {
        object? value;
        try
        {
            value = e.Metric.Read(context);
        }
        catch (SimException ex)
        {
            return (null, ex.Message);
        }

        if (value is null)
        {
            return (null, $"{e.Name} has no value here (no such device state or altmap)");
        }

        if (e.Since is null)
        {
            return (value, null);
        }

        object? then = _snapshots.TryGetValue(e.Since, out Dictionary<string, object?>? snap) && snap.TryGetValue(e.Name, out object? v) ? v : null;
        if (then is null)
        {
            return (null, $"{e.Name} had no value at label '{e.Since}'");
        }

        decimal delta = Convert.ToDecimal(value, CultureInfo.InvariantCulture) - Convert.ToDecimal(then, CultureInfo.InvariantCulture);
        return ((long)delta, null);
    }

    private static string Render(ScenarioExpectation e, object? actual)
    {
        bool bytes = e.Since is null ? e.Metric.Kind is MetricKind.Bytes or MetricKind.SignedBytes : e.Metric.DeltaKind == MetricKind.SignedBytes;
        return actual switch
        {
            null => "(nothing)",
            int errno when e.Metric.Kind == MetricKind.Errno => Errno.Describe(errno),
            bool b => b ? "true" : "false",
            ulong u when bytes => Units.ByteSize.FormatCompact(u),
            long l when bytes => l < 0 ? "-" + Units.ByteSize.FormatCompact((ulong)(-l)) : Units.ByteSize.FormatCompact((ulong)l),
            _ => Convert.ToString(actual, CultureInfo.InvariantCulture) ?? string.Empty,
        };
    }

    private void TakeSnapshot(string label)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (_labelMetrics.TryGetValue(label, out List<Metric>? metrics))
        {
            var context = new MetricContext(_machine!, null);
            foreach (Metric m in metrics)
            {
                values[m.Path] = m.Read(context);
            }
        }

        _snapshots[label] = values;
    }

    private static Dictionary<string, List<Metric>> LabelMetrics(IReadOnlyList<ScenarioStep> steps)
    {
        var map = new Dictionary<string, List<Metric>>(StringComparer.Ordinal);
        void Walk(IReadOnlyList<ScenarioStep> list)
        {
            foreach (ScenarioStep s in list)
            {
                foreach (ScenarioExpectation e in s.Expectations.Where(e => e.Since is not null))
                {
                    if (!map.TryGetValue(e.Since!, out List<Metric>? metrics))
                    {
                        map[e.Since!] = metrics = new List<Metric>();
                    }

                    if (metrics.All(m => m.Path != e.Metric.Path))
                    {
                        metrics.Add(e.Metric);
                    }
                }

                Walk(s.Steps);
            }
        }

        Walk(steps);
        return map;
    }

    private void Emit(ScenarioResult result)
    {
        var stamped = new ScenarioResult
        {
            Scenario = _scenario.Name,
            Kind = result.Kind,
            Combination = _combination,
            Step = result.Step,
            StepName = result.StepName,
            Name = result.Name,
            Expected = result.Expected,
            Actual = result.Actual,
            ActualText = result.ActualText.Length > 0 ? result.ActualText : Convert.ToString(result.Actual, CultureInfo.InvariantCulture) ?? string.Empty,
            Pass = result.Pass,
            Message = result.Message,
            Line = result.Line,
            Column = result.Column,
        };
        if (stamped.Pass)
        {
            Passed++;
        }
        else
        {
            Failed++;
            FirstFailure ??= $"{stamped.StepName}: {stamped.Name} expected {stamped.Expected}, actual {stamped.ActualText}";
        }

        _emit(stamped);
    }
}
