using System.Collections.Generic;

namespace VmemmapPS.Core.Scenarios;

/// <summary>
/// One combination of a sweep: the value of each axis, the report columns read after the last step, and how the
/// expectations went. The cmdlet turns <see cref="Columns"/> into flat properties.
/// </summary>
public sealed class SweepRow
{
    public string Scenario { get; init; } = string.Empty;

    public int Combination { get; init; }

    /// <summary>Axis values by column name, typed (sizes as bytes, page size as bytes, kernel as text).</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> Parameters { get; init; } = new List<KeyValuePair<string, object?>>();

    /// <summary>Report columns by name, as the metrics read them.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> Report { get; init; } = new List<KeyValuePair<string, object?>>();

    /// <summary>Always <see cref="ScenarioResultKind.Combination"/>: the same Kind property as the other rows.</summary>
    public ScenarioResultKind Kind { get; } = ScenarioResultKind.Combination;

    /// <summary>Steps and expectations checked in this combination (Passed + Failed).</summary>
    public int Checks => Passed + Failed;

    public int Passed { get; init; }

    public int Failed { get; init; }

    public bool Pass => Failed == 0;

    /// <summary>"step: name expected X, actual Y" of the first failed row, or null.</summary>
    public string? FirstFailure { get; init; }

    /// <summary>Names of the columns that are neither axes nor report columns (the same in every sweep).</summary>
    public static readonly IReadOnlyList<string> FixedColumns = new[] { "Scenario", "Kind", "Combination", "Checks", "Passed", "Failed", "Pass", "FirstFailure" };

    /// <summary>All properties in output order: Scenario, Kind, Combination, axes, report columns, Checks, Passed,
    /// Failed, Pass, FirstFailure.</summary>
    public IReadOnlyList<KeyValuePair<string, object?>> Columns
    {
        get
        {
            var columns = new List<KeyValuePair<string, object?>>
            {
                new("Scenario", Scenario),
                new("Kind", Kind),
                new("Combination", Combination),
            };
            columns.AddRange(Parameters);
            columns.AddRange(Report);
            columns.Add(new("Checks", Checks));
            columns.Add(new("Passed", Passed));
            columns.Add(new("Failed", Failed));
            columns.Add(new("Pass", Pass));
            columns.Add(new("FirstFailure", FirstFailure));
            return columns;
        }
    }
}
