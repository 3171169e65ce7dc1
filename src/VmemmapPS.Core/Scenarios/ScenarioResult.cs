namespace VmemmapPS.Core.Scenarios;

/// <summary>What a row of a scenario run is. Plain runs and sweeps share it, so
/// <c>Where-Object Kind -eq Summary</c> finds exactly one summary per run of a file.</summary>
public enum ScenarioResultKind
{
    Step,
    Expectation,
    /// <summary>The last row of every run: for a sweep it counts the combinations (Combination = 0).</summary>
    Summary,
    /// <summary>A sweep's row for one combination (a flat row with the axes and the report columns).</summary>
    Combination,
}

/// <summary>
/// One row of a scenario run: a step (did it succeed or fail as expected), an expectation (expected vs actual), or
/// the summary. Flat on purpose: rows go straight to Format-Table, Export-Csv and ConvertTo-Json.
/// </summary>
public sealed class ScenarioResult
{
    public string Scenario { get; init; } = string.Empty;

    public ScenarioResultKind Kind { get; init; }

    /// <summary>Sweep combination (1-based), or 0 when the scenario is not a sweep.</summary>
    public int Combination { get; init; }

    /// <summary>Top-level step number (1-based); 0 for the summary.</summary>
    public int Step { get; init; }

    /// <summary>The step's name; inside a repeat prefixed with the iteration, e.g. "[3/100] add pmem0".</summary>
    public string StepName { get; init; } = string.Empty;

    /// <summary>Step: its name; expectation: the metric path; summary: the scenario name.</summary>
    public string Name { get; init; } = string.Empty;

    public string Expected { get; init; } = string.Empty;

    /// <summary>Numbers stay numbers (bytes, counts, errno); text for outcomes and names.</summary>
    public object? Actual { get; init; }

    /// <summary>Actual as written in scenario files: "256M" for bytes, "-12 (ENOMEM)" for an errno.</summary>
    public string ActualText { get; init; } = string.Empty;

    public bool Pass { get; init; }

    /// <summary>Why it failed, or the kernel's message for a failed step; empty when there is nothing to say.</summary>
    public string Message { get; init; } = string.Empty;

    /// <summary>Where the step or expectation is written in the file (0 for the summary).</summary>
    public int Line { get; init; }

    public int Column { get; init; }

    public override string ToString() => $"{Kind} {Name}: expected {Expected}, actual {Actual} ({(Pass ? "pass" : "FAIL")})";
}
