using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Scenarios.Binding;
using VmemmapPS.Core.Scenarios.Yaml;

namespace VmemmapPS.Core.Scenarios;

/// <summary>
/// Reads, validates and binds scenario files. Everything is checked here, including every sweep combination, so
/// a scenario that loads can run; anything wrong throws <see cref="ScenarioException"/> with file:line:column.
/// </summary>
public static class ScenarioLoader
{
    /// <summary>Sweeps larger than this are refused: each combination boots a machine and runs every step.</summary>
    public const int MaxCombinations = 4096;

    /// <summary>Files asking for more steps than this (repeats multiplied out, times the sweep's combinations) are
    /// refused when loaded: three lines of nested repeats could otherwise ask for 10^10 steps.</summary>
    public const long MaxSteps = 1_000_000;

    private const string SetSource = "-Set";

    /// <summary>Read a file. A missing file throws <see cref="FileNotFoundException"/>.</summary>
    public static Scenario Load(string path, IEnumerable<KeyValuePair<string, string>>? overrides = null)
    {
        string text = File.ReadAllText(path, Encoding.UTF8);
        return Parse(text, path, overrides);
    }

    /// <summary>Parse YAML text; <paramref name="sourceName"/> is what diagnostics call the file.</summary>
    public static Scenario Parse(string yaml, string sourceName, IEnumerable<KeyValuePair<string, string>>? overrides = null)
    {
        var diagnostics = new List<ScenarioDiagnostic>();
        YNode? root = YamlTreeReader.Read(yaml, sourceName, diagnostics);
        if (diagnostics.Count > 0)
        {
            throw new ScenarioException(FailureKind.ScenarioParseFailed, sourceName, diagnostics);
        }

        if (root is null)
        {
            diagnostics.Add(new ScenarioDiagnostic(sourceName, 1, 1, "MissingKey", "the file is empty; a scenario needs at least 'steps'"));
            throw new ScenarioException(FailureKind.ScenarioValidationFailed, sourceName, diagnostics);
        }

        return Bind(root, sourceName, Sorted(overrides));
    }

    /// <summary>The same scenario with more -Set values applied (later values win), validated again.</summary>
    public static Scenario WithOverrides(Scenario scenario, IEnumerable<KeyValuePair<string, string>> overrides)
    {
        var merged = scenario.Overrides.ToDictionary(o => o.Key, o => o.Value, StringComparer.Ordinal);
        foreach (KeyValuePair<string, string> o in overrides)
        {
            merged[o.Key] = o.Value;
        }

        return Bind(scenario.Document, scenario.Path, Sorted(merged));
    }

    private static List<KeyValuePair<string, string>> Sorted(IEnumerable<KeyValuePair<string, string>>? overrides)
        => (overrides ?? Enumerable.Empty<KeyValuePair<string, string>>()).OrderBy(o => o.Key, StringComparer.Ordinal).ToList();

    private static Scenario Bind(YNode document, string path, IReadOnlyList<KeyValuePair<string, string>> overrides)
    {
        var diagnostics = new List<ScenarioDiagnostic>();
        var reader = new Binding.NodeReader(diagnostics);
        YNode root = document.DeepClone();
        if (root is YMap map)
        {
            foreach (KeyValuePair<string, string> o in overrides)
            {
                var value = new YScalar(o.Value, false, new SourceMark($"{SetSource} '{o.Key}'", 0, 0));
                if (ScenarioOverrides.TryApply(map, o.Key, value, reader) && map.Get("sweep") is YMap sweep)
                {
                    // A value pinned with -Set is no longer swept.
                    sweep.Entries.RemoveAll(e => e.Key.Text == o.Key);
                    if (sweep.Entries.Count == 0)
                    {
                        map.Entries.RemoveAll(e => e.Key.Text == "sweep");
                    }
                }
            }
        }

        Scenario? scenario = diagnostics.Count == 0 ? ScenarioBinder.Bind(WithFirstSweepValues(root), path, DefaultName(path), overrides, diagnostics) : null;
        if (scenario is null)
        {
            throw new ScenarioException(FailureKind.ScenarioValidationFailed, path, diagnostics);
        }

        long steps = scenario.StepCount;
        if (steps > MaxSteps)
        {
            diagnostics.Add(YamlTreeReader.At(StepsMark(root), "BadValue",
                $"the steps ask for {FormatCount(steps)} steps with their repeats; at most {MaxSteps} are allowed per file"));
            throw new ScenarioException(FailureKind.ScenarioValidationFailed, path, diagnostics);
        }

        List<SweepCombination> combinations = scenario.IsSweep ? Expand(scenario, (YMap)root, diagnostics) : new List<SweepCombination>();
        if (diagnostics.Count == 0 && combinations.Count > 0 && steps > MaxSteps / combinations.Count)
        {
            diagnostics.Add(YamlTreeReader.At(StepsMark(root), "BadValue",
                $"{combinations.Count} sweep combinations of {steps} steps each make {FormatCount(steps * combinations.Count)} steps; at most {MaxSteps} are allowed per file"));
        }

        if (diagnostics.Count > 0)
        {
            throw new ScenarioException(FailureKind.ScenarioValidationFailed, path, diagnostics);
        }

        // Keep the file's own tree: -Set values are re-applied from Overrides whenever the scenario is rebound.
        return new Scenario(document, overrides)
        {
            Name = scenario.Name,
            Description = scenario.Description,
            Path = scenario.Path,
            Machine = scenario.Machine,
            Devices = scenario.Devices,
            Steps = scenario.Steps,
            Sweep = scenario.Sweep,
            Report = scenario.Report,
            Combinations = combinations,
        };
    }

    private static SourceMark StepsMark(YNode root) => (root as YMap)?.Get("steps")?.Mark ?? root.Mark;

    private static string FormatCount(long n) => n == long.MaxValue ? "more than 9.2e18" : n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    // Cartesian product, first axis slowest (like nested loops written in file order). Every combination is bound
    // now: a value that only fails in one combination (a size the 64K granule cannot take) is found before any run.
    private static List<SweepCombination> Expand(Scenario template, YMap root, List<ScenarioDiagnostic> diagnostics)
    {
        var combinations = new List<SweepCombination>();
        YMap sweepNode = (YMap)root.Get("sweep")!;
        var axes = template.Sweep.Select(a => (Axis: a, Values: ((YSeq)sweepNode.Get(a.Path)!).Items.Cast<YScalar>().ToList())).ToList();
        long total = axes.Aggregate(1L, (n, a) => n * a.Values.Count);
        if (total > MaxCombinations)
        {
            diagnostics.Add(YamlTreeReader.At(sweepNode.Mark, "BadValue", $"the sweep has {total} combinations; at most {MaxCombinations} are allowed"));
            return combinations;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int number = 0; number < total; number++)
        {
            var picks = new List<KeyValuePair<SweepAxis, YScalar>>();
            long rest = number;
            for (int i = axes.Count - 1; i >= 0; i--)
            {
                int count = axes[i].Values.Count;
                picks.Insert(0, new KeyValuePair<SweepAxis, YScalar>(axes[i].Axis, axes[i].Values[(int)(rest % count)]));
                rest /= count;
            }

            var local = new List<ScenarioDiagnostic>();
            var reader = new Binding.NodeReader(local);
            var copy = (YMap)root.DeepClone();
            copy.Entries.RemoveAll(e => e.Key.Text == "sweep");
            foreach (KeyValuePair<SweepAxis, YScalar> pick in picks)
            {
                ScenarioOverrides.TryApply(copy, pick.Key.Path, pick.Value, reader);
            }

            Scenario? bound = local.Count == 0 ? ScenarioBinder.Bind(copy, template.Path, template.Name, template.Overrides, local) : null;

            // Many combinations share a bad value; report each problem once.
            foreach (ScenarioDiagnostic d in local.Where(d => seen.Add(d.ToString())))
            {
                diagnostics.Add(d);
            }

            if (bound is not null)
            {
                combinations.Add(new SweepCombination(number + 1, picks, bound));
            }
        }

        return combinations;
    }

    // The template of a sweep is bound as its first combination, so a value that only the sweep sets (and a 'when'
    // that tests it) is there. The sweep mapping itself stays, for the axes.
    private static YNode WithFirstSweepValues(YNode root)
    {
        if (root is not YMap map || map.Get("sweep") is not YMap sweep)
        {
            return root;
        }

        var copy = (YMap)map.DeepClone();
        var quiet = new Binding.NodeReader(new List<ScenarioDiagnostic>());
        foreach (KeyValuePair<YScalar, YNode> axis in sweep.Entries)
        {
            if (axis.Value is YSeq values && values.Items.Count > 0 && values.Items[0] is YScalar first)
            {
                ScenarioOverrides.TryApply(copy, axis.Key.Text, first, quiet);
            }
        }

        return copy;
    }

    private static string DefaultName(string path)
    {
        string file = System.IO.Path.GetFileName(path);
        return file.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
            ? System.IO.Path.GetFileNameWithoutExtension(file)
            : file;
    }
}
