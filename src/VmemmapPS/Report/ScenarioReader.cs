using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VmemmapPS.Core.Scenarios;
using VmemmapPS.Core.Units;

namespace VmemmapPS.Report;

/// <summary>
/// Invoke-SimScenario output: step, expectation and summary rows of plain scenarios, and the flat rows of sweeps
/// (one per combination, with a property per axis and per report column). Sweep columns are told apart by name:
/// axes carry the scenario key they sweep (PageSize, Kernel, Size, Memmap...), cost columns the usage metric they
/// read (FromRam, FromAltmap, VmemmapTable, LinearTable, RamUsed, Usable).
/// </summary>
internal static class ScenarioReader
{
    private static readonly HashSet<string> Bookkeeping = new(StringComparer.OrdinalIgnoreCase)
    {
        "Scenario", "Combination", "Kind", "Expectations", "Checks", "Passed", "Failed", "Pass", "FirstFailure", "Message", "Name", "Step",
        "StepName", "Expected", "Actual", "ActualText", "Line", "Column", "Path",
    };

    // The keys of machine and device entries a sweep can vary; an axis column ends with one of them.
    private static readonly string[] AxisKeys =
    {
        "PageSize", "VaBits", "KernelVersion", "Kernel", "RodataFull", "Size", "Start", "Memmap", "Type", "Align", "Node", "Altmap",
    };

    /// <summary><paramref name="sweeps"/>: scenarios whose combination rows are in the input too; their own summary
    /// row says no more than those rows do, so it gets no table of its own.</summary>
    public static void AddResults(ReportDocument doc, IReadOnlyList<ScenarioResult> results, ISet<string> sweeps)
    {
        foreach (IGrouping<string, ScenarioResult> scenario in results.GroupBy(r => r.Scenario))
        {
            if (sweeps.Contains(scenario.Key) && scenario.All(r => r.Kind == ScenarioResultKind.Summary && r.Combination == 0))
            {
                continue;
            }

            var table = new ReportTable($"Scenario {scenario.Key}", "Combination", "Kind", "Step", "Name", "Expected", "Actual", "Pass", "Message");
            foreach (ScenarioResult r in scenario)
            {
                table.Rows.Add(new[]
                {
                    r.Combination.ToString(CultureInfo.InvariantCulture), r.Kind.ToString(), r.StepName, r.Name, r.Expected, r.ActualText,
                    r.Pass ? "pass" : "FAIL", r.Message,
                });
                if (!r.Pass)
                {
                    table.FailedRows.Add(table.Rows.Count - 1);
                    if (r.Kind != ScenarioResultKind.Summary)
                    {
                        AddFailure(doc, scenario.Key, r.Kind.ToString(), r.StepName, $"{r.Name}: expected {r.Expected}, actual {r.ActualText}. {r.Message}".Trim());
                    }
                }
            }

            doc.Tables.Add(table);
            doc.Inputs.Add(new($"Scenario {scenario.Key}", $"Invoke-SimScenario {scenario.Key}   # {scenario.Count()} result row(s)"));
        }
    }

    public static ISet<string> SweepNames(IReadOnlyList<IReadOnlyList<KeyValuePair<string, object?>>> rows) =>
        new HashSet<string>(rows.Select(r => Text(Value(r, "Scenario"))), StringComparer.Ordinal);

    public static void AddSweepRows(ReportDocument doc, IReadOnlyList<IReadOnlyList<KeyValuePair<string, object?>>> rows)
    {
        foreach (var scenario in rows.GroupBy(r => Text(Value(r, "Scenario"))))
        {
            var all = scenario.ToList();
            // The scenario name is the table's title; every other column as the rows have it.
            List<string> columns = all.SelectMany(r => r.Select(p => p.Key)).Distinct(StringComparer.Ordinal)
                .Where(c => !string.Equals(c, "Scenario", StringComparison.OrdinalIgnoreCase)).ToList();
            List<string> axes = columns.Where(IsAxis).ToList();
            string? sizeAxis = axes.FirstOrDefault(a => a.EndsWith("Size", StringComparison.Ordinal) && !a.EndsWith("PageSize", StringComparison.Ordinal));

            var table = new ReportTable($"Sweep {scenario.Key}", columns.ToArray());
            foreach (var row in all)
            {
                table.Rows.Add(columns.Select(c => Display(c, Value(row, c))).ToArray());
                if (Value(row, "Failed") is object f && Number(f) is ulong failed && failed > 0 || Value(row, "Pass") is false)
                {
                    table.FailedRows.Add(table.Rows.Count - 1);
                    AddFailure(doc, scenario.Key, "Failed combination", $"#{Text(Value(row, "Combination"))}", Text(Value(row, "FirstFailure")));
                }

                AddCost(doc, scenario.Key, row, axes, sizeAxis);
                if (axes.FirstOrDefault(a => a.EndsWith("Kernel", StringComparison.Ordinal) || a.EndsWith("KernelVersion", StringComparison.Ordinal)) is string k)
                {
                    doc.SeeKernel(Text(Value(row, k)));
                }
            }

            doc.Tables.Add(table);
            string axisText = axes.Count == 0 ? "no axis columns recognised" : string.Join(" x ", axes.Select(a =>
                $"{a} [{string.Join(", ", all.Select(r => Display(a, Value(r, a))).Distinct())}]"));
            doc.Inputs.Add(new($"Sweep {scenario.Key}", $"Invoke-SimScenario {scenario.Key}   # {all.Count} combination(s): {axisText}"));
        }
    }

    private static void AddCost(ReportDocument doc, string scenario, IReadOnlyList<KeyValuePair<string, object?>> row, List<string> axes, string? sizeAxis)
    {
        ulong? ramMemmap = Metric(row, "fromram", "fromsystemram");
        ulong? deviceMemmap = Metric(row, "fromaltmap", "fromdevice");
        ulong? vmemmapTables = Metric(row, "vmemmaptable", "vmemmappagetable");
        ulong? linearTables = Metric(row, "lineartable", "linearmaptable", "linearmappagetable");
        ulong? ramUsed = Metric(row, "ramused", "systemramused");
        ulong? usable = Metric(row, "usable");
        if (ramMemmap is null && deviceMemmap is null && vmemmapTables is null && linearTables is null && ramUsed is null)
        {
            return;
        }

        ulong? size = sizeAxis is null ? null : Number(Value(row, sizeAxis));
        string series = string.Join(" · ", axes.Where(a => a != sizeAxis).Select(a => Display(a, Value(row, a))));
        string item = $"#{Text(Value(row, "Combination"))} {string.Join(" · ", axes.Select(a => Display(a, Value(row, a))))}".Trim();
        doc.Costs.Add(ReportDocument.Cost(scenario, item, series.Length == 0 ? scenario : series, size, ramMemmap, deviceMemmap,
            vmemmapTables, linearTables, ramUsed, size is ulong s && usable is ulong u && s >= u ? s - u : null));
    }

    private static bool IsAxis(string column) =>
        !Bookkeeping.Contains(column) && AxisKeys.Any(k => column.EndsWith(k, StringComparison.Ordinal));

    private static ulong? Metric(IReadOnlyList<KeyValuePair<string, object?>> row, params string[] names)
    {
        foreach (KeyValuePair<string, object?> p in row)
        {
            string key = p.Key.ToLowerInvariant();
            if (!Bookkeeping.Contains(p.Key) && !IsAxis(p.Key) && names.Any(n => key.Contains(n)) && Number(p.Value) is ulong value)
            {
                return value;
            }
        }

        return null;
    }

    private static object? Value(IReadOnlyList<KeyValuePair<string, object?>> row, string name)
    {
        foreach (KeyValuePair<string, object?> p in row)
        {
            if (string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase))
            {
                return p.Value;
            }
        }

        return null;
    }

    private static ulong? Number(object? value) => value switch
    {
        ulong u => u,
        long l when l >= 0 => (ulong)l,
        int i when i >= 0 => (ulong)i,
        uint u => u,
        double d when d >= 0 && d <= ulong.MaxValue && d == Math.Floor(d) => (ulong)d,
        _ => null,
    };

    private static string Text(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;

    // Sizes read as sizes (64G, 4K), everything else as written.
    private static string Display(string column, object? value) =>
        Number(value) is ulong n && (column.EndsWith("Size", StringComparison.Ordinal) || column.EndsWith("Bytes", StringComparison.Ordinal) || column.EndsWith("Align", StringComparison.Ordinal))
            ? (column.EndsWith("Bytes", StringComparison.Ordinal) ? ByteSize.Format(n) : ByteSize.FormatCompact(n))
            : value is bool b ? (b ? "true" : "false") : Text(value);

    private static void AddFailure(ReportDocument doc, string scenario, string type, string where, string message)
    {
        doc.Findings.Rows.Add(new[] { scenario, type, where, string.Empty, string.Empty, "1", message });
        doc.Findings.FailedRows.Add(doc.Findings.Rows.Count - 1);
    }
}
