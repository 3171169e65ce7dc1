using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using VmemmapPS.Core.Scenarios.Expectations;
using VmemmapPS.Core.Scenarios.Yaml;

namespace VmemmapPS.Core.Scenarios.Binding;

/// <summary>Validates a YAML tree and binds it to a <see cref="Scenario"/> (one combination: sweeps are expanded by the loader).</summary>
internal static class ScenarioBinder
{
    private static readonly Regex ColumnPattern = new("^[A-Za-z][A-Za-z0-9_]*$", RegexOptions.CultureInvariant);

    /// <summary>Returns null when diagnostics were added.</summary>
    public static Scenario? Bind(YNode root, string path, string defaultName, IReadOnlyList<KeyValuePair<string, string>> overrides, List<ScenarioDiagnostic> diagnostics)
    {
        int before = diagnostics.Count;
        var r = new NodeReader(diagnostics);
        if (r.Map(root, "a scenario file") is not YMap map)
        {
            return null;
        }

        r.CheckKeys(map, "the scenario", "name", "description", "machine", "devices", "steps", "sweep", "report");
        string name = map.Get("name") is YNode n ? r.Text(n, "name") ?? defaultName : defaultName;
        string? description = map.Get("description") is YNode d ? r.Text(d, "description") : null;
        MachineConfig machine = MachineBinder.Bind(map.Get("machine"), r);
        var deviceNames = new List<string>();
        List<DeviceSpec> devices = DeviceBinder.Bind(map.Get("devices"), machine, r, deviceNames);
        var steps = new StepBinder(r, deviceNames, map);
        List<ScenarioStep> stepList = r.Required(map, "steps", "a scenario") is YNode s ? steps.BindAll(s, "steps") : new List<ScenarioStep>();
        List<SweepAxis> sweep = map.Get("sweep") is YNode sw ? Sweep(sw, r) : new List<SweepAxis>();
        List<ReportColumn> report = map.Get("report") is YNode rp ? Report(rp, steps, r) : new List<ReportColumn>();

        if (diagnostics.Count > before)
        {
            return null;
        }

        return new Scenario(root, overrides)
        {
            Name = name,
            Description = description,
            Path = path,
            Machine = machine,
            Devices = devices,
            Steps = stepList,
            Sweep = sweep,
            Report = report,
        };
    }

    private static List<SweepAxis> Sweep(YNode node, NodeReader r)
    {
        var axes = new List<SweepAxis>();
        if (r.Map(node, "sweep") is not YMap map)
        {
            return axes;
        }

        if (map.Entries.Count == 0)
        {
            r.Error(map, "BadValue", "sweep needs at least one axis, e.g. machine.pageSize: [4K, 16K, 64K]");
        }

        foreach (KeyValuePair<YScalar, YNode> e in map.Entries)
        {
            if (r.Seq(e.Value, $"sweep axis '{e.Key.Text}'") is not YSeq values)
            {
                continue;
            }

            if (values.Items.Count == 0)
            {
                r.Error(values, "BadValue", $"sweep axis '{e.Key.Text}' has no values");
                continue;
            }

            var texts = new List<string>();
            foreach (YNode v in values.Items)
            {
                if (r.Scalar(v, $"a value of sweep axis '{e.Key.Text}'") is YScalar scalar)
                {
                    texts.Add(scalar.Text);
                }
            }

            axes.Add(new SweepAxis { Path = e.Key.Text, Values = texts });
        }

        return NameColumns(axes);
    }

    // Sweep rows are flat objects, so each axis needs a property name: the last part of its path in PascalCase
    // (machine.pageSize → PageSize), or the whole path when two axes end the same way.
    private static List<SweepAxis> NameColumns(List<SweepAxis> axes)
    {
        var named = new List<SweepAxis>();
        foreach (SweepAxis axis in axes)
        {
            string last = axis.Path.Split('.').Last();
            bool clash = axes.Count(a => a.Path.Split('.').Last() == last) > 1;
            string column = clash
                ? string.Concat(axis.Path.Split('.').Where(p => p != "devices" && p != "machine").Select(Pascal))
                : Pascal(last);
            named.Add(new SweepAxis { Path = axis.Path, Values = axis.Values, Column = column });
        }

        return named;
    }

    private static string Pascal(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s.Substring(1);

    private static List<ReportColumn> Report(YNode node, StepBinder steps, NodeReader r)
    {
        var columns = new List<ReportColumn>();
        if (r.Map(node, "report") is not YMap map)
        {
            return columns;
        }

        foreach (KeyValuePair<YScalar, YNode> e in map.Entries)
        {
            if (!ColumnPattern.IsMatch(e.Key.Text))
            {
                r.Error(e.Key, "BadValue", $"report column '{e.Key.Text}' must be a property name (letters, digits, '_')");
                continue;
            }

            if (r.Scalar(e.Value, $"report column '{e.Key.Text}'") is YScalar metricPath && steps.ReportMetric(metricPath) is Metric metric)
            {
                columns.Add(new ReportColumn { Name = e.Key.Text, Metric = metricPath.Text, Resolved = metric });
            }
        }

        return columns;
    }
}
