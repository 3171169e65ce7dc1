using System;
using System.Collections.Generic;
using System.Linq;
using VmemmapPS.Core.Scenarios.Expectations;
using VmemmapPS.Core.Scenarios.Yaml;
using VmemmapPS.Core.Units;

namespace VmemmapPS.Core.Scenarios.Binding;

/// <summary>
/// Typed reads of YAML nodes that record a positioned diagnostic instead of throwing, so one pass reports every
/// problem in a file. Each read returns null when the node is unusable.
/// </summary>
internal sealed class NodeReader
{
    public NodeReader(List<ScenarioDiagnostic> diagnostics)
    {
        Diagnostics = diagnostics;
    }

    public List<ScenarioDiagnostic> Diagnostics { get; }

    public void Error(YNode at, string code, string message) => Diagnostics.Add(YamlTreeReader.At(at.Mark, code, message));

    public YMap? Map(YNode node, string what)
    {
        if (node is YMap map)
        {
            return map;
        }

        Error(node, "WrongType", $"{what} must be a mapping (key: value lines), not {Describe(node)}");
        return null;
    }

    public YSeq? Seq(YNode node, string what)
    {
        if (node is YSeq seq)
        {
            return seq;
        }

        Error(node, "WrongType", $"{what} must be a sequence ('- ' items), not {Describe(node)}");
        return null;
    }

    public YScalar? Scalar(YNode node, string what)
    {
        if (node is YScalar scalar && !scalar.IsNull)
        {
            return scalar;
        }

        Error(node, "WrongType", $"{what} must be a single value, not {Describe(node)}");
        return null;
    }

    public string? Text(YNode node, string what) => Scalar(node, what)?.Text;

    /// <summary>Refuse keys outside <paramref name="allowed"/>, suggesting the closest allowed key.</summary>
    public void CheckKeys(YMap map, string what, params string[] allowed)
    {
        foreach (KeyValuePair<YScalar, YNode> e in map.Entries)
        {
            if (Array.IndexOf(allowed, e.Key.Text) >= 0)
            {
                continue;
            }

            string? near = Nearest(e.Key.Text, allowed);
            string hint = near is null ? $"allowed keys: {string.Join(", ", allowed)}" : $"did you mean '{near}'?";
            Error(e.Key, "UnknownKey", $"unknown key '{e.Key.Text}' in {what}; {hint}");
        }
    }

    public YNode? Required(YMap map, string key, string what)
    {
        YNode? node = map.Get(key);
        if (node is null)
        {
            Error(map, "MissingKey", $"{what} needs '{key}'");
        }

        return node;
    }

    public ulong? Size(YNode node, string what)
    {
        YScalar? s = Scalar(node, what);
        if (s is null)
        {
            return null;
        }

        if (ByteSize.TryParse(s.Text, out ulong value, out string? why))
        {
            return value;
        }

        Error(node, "BadSize", $"{what} '{s.Text}' is not a size or address: {why}");
        return null;
    }

    public ulong? Count(YNode node, string what)
    {
        YScalar? s = Scalar(node, what);
        if (s is null)
        {
            return null;
        }

        if (Comparison.TryCount(s.Text, out ulong value))
        {
            return value;
        }

        Error(node, "WrongType", $"{what} must be a whole number (decimal or 0x hex), not '{s.Text}'");
        return null;
    }

    public int? Int(YNode node, string what, int min, int max) => (int?)Long(node, what, min, max);

    public long? Long(YNode node, string what, long min, long max)
    {
        ulong? v = Count(node, what);
        if (v is null)
        {
            return null;
        }

        if (v.Value < (ulong)min || v.Value > (ulong)max)
        {
            Error(node, "BadValue", $"{what} must be between {min} and {max}, not {v.Value}");
            return null;
        }

        return (long)v.Value;
    }

    public bool? Bool(YNode node, string what)
    {
        YScalar? s = Scalar(node, what);
        if (s is null)
        {
            return null;
        }

        switch (s.Text)
        {
            case "true":
                return true;
            case "false":
                return false;
            default:
                Error(node, "WrongType", $"{what} must be true or false, not '{s.Text}'");
                return null;
        }
    }

    /// <summary>One of <paramref name="choices"/>, matched case-insensitively and returned as spelled there.</summary>
    public string? Choice(YNode node, string what, IReadOnlyList<string> choices)
    {
        YScalar? s = Scalar(node, what);
        if (s is null)
        {
            return null;
        }

        string? match = choices.FirstOrDefault(c => string.Equals(c, s.Text, StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            Error(node, "BadValue", $"{what} '{s.Text}' is not one of: {string.Join(", ", choices)}");
        }

        return match;
    }

    private static string Describe(YNode node) => node is YScalar s && s.IsNull ? "an empty value" : node is YScalar s2 ? $"the value '{s2.Text}'" : node.KindName;

    private static string? Nearest(string key, string[] allowed)
    {
        string? best = null;
        int bestDistance = int.MaxValue;
        foreach (string candidate in allowed)
        {
            int d = string.Equals(candidate, key, StringComparison.OrdinalIgnoreCase) ? 0 : Distance(candidate.ToLowerInvariant(), key.ToLowerInvariant());
            if (d < bestDistance)
            {
                bestDistance = d;
                best = candidate;
            }
        }

        return bestDistance <= Math.Max(2, key.Length / 3) ? best : null;
    }

    private static int Distance(string a, string b)
    {
        int[] previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            int[] current = new int[b.Length + 1];
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
