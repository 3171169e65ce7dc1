using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VmemmapPS.Core.Scenarios.Expectations;
using VmemmapPS.Core.Scenarios.Yaml;
using VmemmapPS.Core.Units;

namespace VmemmapPS.Core.Scenarios.Binding;

/// <summary>Binds 'steps' (and the expectations attached to them) in file order, tracking which labels exist.</summary>
internal sealed class StepBinder
{
    public const string BootLabel = "boot";

    private static readonly string[] Actions =
    {
        "add", "remove", "removeVmemmap", "injectFailure", "checkInvariants", "label", "repeat",
        "addSystemMemory", "removeSystemMemory", "setSystemMemory", "setDeviceMemory",
    };

    /// <summary>Every key a step may have: one action and the keys common to all steps.</summary>
    private static readonly string[] StepKeys = Actions.Concat(new[] { "name", "when", "expect" }).ToArray();

    private readonly NodeReader _r;
    private readonly List<string> _devices;
    private readonly YMap _root;

    // System RAM named by addSystemMemory steps so far: metrics and later steps may name them like devices.
    private readonly List<string> _systemMemory = new();

    // Labels defined so far in file order; 'boot' is taken by the runner right after the machine boots.
    private readonly HashSet<string> _labels = new() { BootLabel };

    public StepBinder(NodeReader reader, IReadOnlyCollection<string> devices, YMap root)
    {
        _r = reader;
        _devices = new List<string>(devices);
        _root = root;
    }

    /// <summary>What a metric path may name: the scenario's devices and the System RAM added so far.</summary>
    private IReadOnlyCollection<string> MetricNames => _devices.Concat(_systemMemory).ToList();

    public List<ScenarioStep> BindAll(YNode? node, string what)
    {
        var steps = new List<ScenarioStep>();
        if (node is null || _r.Seq(node, what) is not YSeq seq)
        {
            return steps;
        }

        int index = 0;
        foreach (YNode item in seq.Items)
        {
            // Numbered by position in the file, so a step keeps its number in every sweep combination.
            index++;
            ScenarioStep? step = Bind(item, index, out bool applies);
            if (step is not null && applies)
            {
                steps.Add(step);
            }
        }

        return steps;
    }

    private ScenarioStep? Bind(YNode node, int index, out bool applies)
    {
        applies = true;
        if (_r.Map(node, "a step") is not YMap m)
        {
            return null;
        }

        _r.CheckKeys(m, "a step", StepKeys);
        if (m.Get("when") is YNode when)
        {
            applies = Applies(when);
        }

        List<KeyValuePair<YScalar, YNode>> actions = m.Entries.Where(e => Actions.Contains(e.Key.Text)).ToList();
        if (actions.Count != 1)
        {
            _r.Error(m, "BadValue", actions.Count == 0
                ? $"a step needs one action: {string.Join(", ", Actions)}"
                : $"a step has one action, not {actions.Count} ({string.Join(", ", actions.Select(a => a.Key.Text))}); make them separate steps");
            return null;
        }

        string? customName = m.Get("name") is YNode nameNode ? _r.Text(nameNode, "step name") : null;
        YScalar key = actions[0].Key;
        YNode value = actions[0].Value;
        ScenarioStep? step = key.Text switch
        {
            "add" => DeviceStep(ScenarioStepKind.Add, value),
            "remove" => DeviceStep(ScenarioStepKind.Remove, value),
            "removeVmemmap" => RemoveVmemmap(value),
            "injectFailure" => InjectFailure(value),
            "checkInvariants" => CheckInvariants(value),
            "label" => Label(value),
            "addSystemMemory" => SystemMemorySteps.Add(_r, value, _devices, _systemMemory),
            "removeSystemMemory" => SystemMemorySteps.Remove(_r, value, _systemMemory),
            "setSystemMemory" => SystemMemorySteps.Set(_r, value, _systemMemory, _devices),
            "setDeviceMemory" => SystemMemorySteps.SetDevice(_r, value, DeviceName),
            _ => Repeat(value),
        };
        if (step is null)
        {
            return null;
        }

        List<ScenarioExpectation> expectations = m.Get("expect") is YNode expect ? Expectations(expect, step.Kind) : new List<ScenarioExpectation>();
        return new ScenarioStep
        {
            Index = index,
            Kind = step.Kind,
            Name = customName ?? step.Name,
            Device = step.Device,
            Start = step.Start,
            Size = step.Size,
            Fault = step.Fault,
            Label = step.Label,
            Times = step.Times,
            Steps = step.Steps,
            SystemMemory = step.SystemMemory,
            Online = step.Online,
            FirstBlock = step.FirstBlock,
            BlockCount = step.BlockCount,
            Mode = step.Mode,
            MemmapOnMemory = step.MemmapOnMemory,
            Expectations = expectations,
            Line = key.Mark.Line,
            Column = key.Mark.Column,
        };
    }

    // 'when' keeps a step only in the sweep combinations (or -Set values) it names: when: { machine.kernel: "5.8" }.
    // Sizes compare by value (4K = 4096 = 0x1000), everything else as text.
    private bool Applies(YNode when)
    {
        if (_r.Map(when, "when") is not YMap conditions)
        {
            return false;
        }

        bool all = true;
        foreach (KeyValuePair<YScalar, YNode> c in conditions.Entries)
        {
            YScalar? wanted = _r.Scalar(c.Value, $"when '{c.Key.Text}'");
            if (ScenarioOverrides.Find(_root, c.Key.Text) is not YScalar actual)
            {
                _r.Error(c.Key, "BadValue", $"when: '{c.Key.Text}' is not set in this file (write it in the file or sweep it)");
                all = false;
                continue;
            }

            all &= wanted is not null && SameValue(actual.Text, wanted.Text);
        }

        return all;
    }

    private static bool SameValue(string a, string b)
        => ByteSize.TryParse(a, out ulong x, out _) && ByteSize.TryParse(b, out ulong y, out _) ? x == y : a == b;

    private ScenarioStep? DeviceStep(ScenarioStepKind kind, YNode value)
    {
        string verb = kind == ScenarioStepKind.Add ? "add" : "remove";
        string? device = DeviceName(value, verb);
        return device is null ? null : new ScenarioStep { Kind = kind, Device = device, Name = $"{verb} {device}" };
    }

    private string? DeviceName(YNode value, string what)
    {
        string? device = _r.Text(value, what);
        if (device is not null && !_devices.Contains(device, Sim.SimNames.Comparer))
        {
            _r.Error(value, "DanglingDevice", $"{what}: no device named '{device}' in this scenario's devices");
            return null;
        }

        return device;
    }

    private ScenarioStep? RemoveVmemmap(YNode value)
    {
        if (_r.Map(value, "removeVmemmap") is not YMap m)
        {
            return null;
        }

        _r.CheckKeys(m, "removeVmemmap", "start", "size", "device");
        ulong? start = _r.Required(m, "start", "removeVmemmap") is YNode s ? _r.Size(s, "removeVmemmap start") : null;
        ulong? size = _r.Required(m, "size", "removeVmemmap") is YNode z ? _r.Size(z, "removeVmemmap size") : null;
        string? device = m.Get("device") is YNode d ? DeviceName(d, "removeVmemmap device") : null;
        if (start is null || size is null || (m.Get("device") is not null && device is null))
        {
            return null;
        }

        string owner = device is null ? "no altmap" : device;
        return new ScenarioStep
        {
            Kind = ScenarioStepKind.RemoveVmemmap,
            Start = start.Value,
            Size = size.Value,
            Device = device,
            Name = $"removeVmemmap {ByteSize.Hex(start.Value)}+{ByteSize.FormatCompact(size.Value)} ({owner})",
        };
    }

    private ScenarioStep? InjectFailure(YNode value)
    {
        if (_r.Map(value, "injectFailure") is not YMap m)
        {
            return null;
        }

        _r.CheckKeys(m, "injectFailure", "nth", "order", "count", "site");
        FaultSite site = m.Get("site") is YNode st && _r.Choice(st, "injectFailure site", System.Enum.GetNames(typeof(FaultSite))) is string siteName
            ? (FaultSite)System.Enum.Parse(typeof(FaultSite), siteName)
            : FaultSite.PageAlloc;
        long nth = m.Get("nth") is YNode n ? _r.Int(n, "injectFailure nth", 1, int.MaxValue) ?? 1 : 1;
        int? order = m.Get("order") is YNode o ? _r.Int(o, "injectFailure order", 0, 30) : null;
        long count = m.Get("count") is YNode c ? _r.Int(c, "injectFailure count", 1, int.MaxValue) ?? 1 : 1;
        string orderText = order is null ? "any" : order.Value.ToString(CultureInfo.InvariantCulture);
        return new ScenarioStep
        {
            Kind = ScenarioStepKind.InjectFailure,
            Fault = new FaultSpec { Site = site, Nth = nth, Order = order, Count = count },
            Name = site == FaultSite.PageAlloc
                ? string.Format(CultureInfo.InvariantCulture, "injectFailure nth={0} order={1} count={2}", nth, orderText, count)
                : string.Format(CultureInfo.InvariantCulture, "injectFailure site={0} nth={1} count={2}", site, nth, count),
        };
    }

    private ScenarioStep? CheckInvariants(YNode value)
    {
        bool accepted = value is YScalar s ? s.IsNull || s.Text == "true" : value is YMap map && map.Entries.Count == 0;
        if (!accepted)
        {
            _r.Error(value, "WrongType", "checkInvariants takes no arguments: write 'checkInvariants: true' or 'checkInvariants: {}'");
            return null;
        }

        return new ScenarioStep { Kind = ScenarioStepKind.CheckInvariants, Name = "checkInvariants" };
    }

    private ScenarioStep? Label(YNode value)
    {
        string? label = _r.Text(value, "label");
        if (label is null)
        {
            return null;
        }

        if (label == BootLabel || label.Contains(' '))
        {
            _r.Error(value, "BadValue", $"label '{label}' is not allowed: '{BootLabel}' is predefined (the state right after boot) and labels have no spaces");
            return null;
        }

        _labels.Add(label);
        return new ScenarioStep { Kind = ScenarioStepKind.Label, Label = label, Name = $"label {label}" };
    }

    private ScenarioStep? Repeat(YNode value)
    {
        if (_r.Map(value, "repeat") is not YMap m)
        {
            return null;
        }

        _r.CheckKeys(m, "repeat", "times", "steps");
        int? times = _r.Required(m, "times", "repeat") is YNode t ? _r.Int(t, "repeat times", 1, 100000) : null;
        List<ScenarioStep> steps = _r.Required(m, "steps", "repeat") is YNode s ? BindAll(s, "repeat steps") : new List<ScenarioStep>();
        if (times is null)
        {
            return null;
        }

        return new ScenarioStep
        {
            Kind = ScenarioStepKind.Repeat,
            Times = times.Value,
            Steps = steps,
            Name = string.Format(CultureInfo.InvariantCulture, "repeat {0}x", times.Value),
        };
    }

    private List<ScenarioExpectation> Expectations(YNode node, ScenarioStepKind kind)
    {
        var list = new List<ScenarioExpectation>();
        if (_r.Map(node, "expect") is YMap map)
        {
            Flatten(map, string.Empty, kind, list);
        }

        return list;
    }

    // Nested mappings and dotted keys name the same metric: {usage: {pmem0: {vmemmapBytes: 1G}}} is
    // usage.pmem0.vmemmapBytes. A mapping holding 'since' is a difference from a label, not a level of the path.
    private void Flatten(YMap map, string prefix, ScenarioStepKind kind, List<ScenarioExpectation> into)
    {
        foreach (KeyValuePair<YScalar, YNode> e in map.Entries)
        {
            string path = prefix + e.Key.Text;
            if (e.Value is YMap inner && inner.Get("since") is null)
            {
                Flatten(inner, path + ".", kind, into);
                continue;
            }

            ScenarioExpectation? expectation = Expectation(e.Key, path, e.Value, kind);
            if (expectation is not null)
            {
                into.Add(expectation);
            }
        }
    }

    private ScenarioExpectation? Expectation(YScalar key, string path, YNode value, ScenarioStepKind kind)
    {
        if (!MetricCatalog.TryResolve(path, MetricNames, out Metric? metric, out string? code, out string? error))
        {
            _r.Error(key, code!, error!);
            return null;
        }

        if (metric!.FromStep && kind is ScenarioStepKind.CheckInvariants or ScenarioStepKind.Label or ScenarioStepKind.Repeat)
        {
            _r.Error(key, "BadValue", $"'{path}' describes a step's outcome; checkInvariants, label and repeat steps have none");
            return null;
        }

        string? since = null;
        YNode expectedNode = value;
        if (value is YMap delta)
        {
            _r.CheckKeys(delta, $"expectation '{path}'", "since", "value");
            since = _r.Text(delta.Get("since")!, "since");
            YNode? v = _r.Required(delta, "value", $"expectation '{path}'");
            if (since is null || v is null)
            {
                return null;
            }

            if (!_labels.Contains(since))
            {
                _r.Error(delta.Get("since")!, "DanglingLabel", $"label '{since}' is not defined before this step (labels: {string.Join(", ", _labels.OrderBy(l => l, System.StringComparer.Ordinal))})");
                return null;
            }

            if (!metric.IsNumeric || metric.FromStep)
            {
                _r.Error(key, "BadValue", $"'{path}' is not a number of the machine's state, so it has no difference 'since' a label");
                return null;
            }

            expectedNode = v;
        }

        YScalar? expected = _r.Scalar(expectedNode, $"expected value of '{path}'");
        if (expected is null)
        {
            return null;
        }

        MetricKind compareAs = since is null ? metric.Kind : metric.DeltaKind;
        if (!Comparison.TryParse(expected.Text, compareAs, out Comparison? comparison, out string? why))
        {
            string badCode = compareAs is MetricKind.Bytes or MetricKind.SignedBytes ? "BadSize" : "BadValue";
            _r.Error(expected, badCode, $"expected value of '{path}': {why}");
            return null;
        }

        return new ScenarioExpectation(path, expected.Text.Trim(), since, key.Mark.Line, key.Mark.Column, metric, comparison!);
    }

    /// <summary>Resolve a report column's metric (state metrics only: a report is read after the last step).</summary>
    public Metric? ReportMetric(YScalar value)
    {
        if (!MetricCatalog.TryResolve(value.Text, MetricNames, out Metric? metric, out string? code, out string? error))
        {
            _r.Error(value, code!, error!);
            return null;
        }

        if (metric!.FromStep)
        {
            _r.Error(value, "BadValue", $"'{value.Text}' describes one step's outcome; a report reads the machine after the last step");
            return null;
        }

        return metric;
    }
}
