using VmemmapPS.Core.Scenarios.Expectations;

namespace VmemmapPS.Core.Scenarios;

/// <summary>One expected value attached to a step: a metric path, how it compares, and where it is written.</summary>
public sealed class ScenarioExpectation
{
    internal ScenarioExpectation(string name, string expected, string? since, int line, int column, Metric metric, Comparison comparison)
    {
        Name = name;
        Expected = expected;
        Since = since;
        Line = line;
        Column = column;
        Metric = metric;
        Comparison = comparison;
    }

    /// <summary>Metric path, e.g. usage.pmem0.vmemmapBytes.</summary>
    public string Name { get; }

    /// <summary>The expected value as written: "1G", "&lt;= 2M", "ENOMEM", "0..4".</summary>
    public string Expected { get; }

    /// <summary>Label the value is a difference from, or null for an absolute value.</summary>
    public string? Since { get; }

    public int Line { get; }

    public int Column { get; }

    internal Metric Metric { get; }

    internal Comparison Comparison { get; }

    /// <summary>How the expectation reads in result rows: "1G", or "+0 since boot".</summary>
    public string Describe() => Since is null ? Expected : $"{Expected} since {Since}";

    public override string ToString() => $"{Name}: {Describe()}";
}
