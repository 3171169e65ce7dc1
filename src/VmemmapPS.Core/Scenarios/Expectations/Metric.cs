using System;

namespace VmemmapPS.Core.Scenarios.Expectations;

/// <summary>A quantity an expectation or a report column reads, named by its path (usage.pmem0.vmemmapBytes).</summary>
internal sealed class Metric
{
    public Metric(string path, MetricKind kind, bool fromStep, Func<MetricContext, object?> read)
    {
        Path = path;
        Kind = kind;
        FromStep = fromStep;
        Read = read;
    }

    public string Path { get; }

    public MetricKind Kind { get; }

    /// <summary>True for values of the step's own outcome (success, errno...): only add/remove/removeVmemmap have them.</summary>
    public bool FromStep { get; }

    public Func<MetricContext, object?> Read { get; }

    public bool IsNumeric => Kind is MetricKind.Bytes or MetricKind.Count or MetricKind.SignedBytes or MetricKind.SignedCount;

    /// <summary>The kind of a difference between two readings (numbers become signed).</summary>
    public MetricKind DeltaKind => Kind == MetricKind.Bytes || Kind == MetricKind.SignedBytes ? MetricKind.SignedBytes : MetricKind.SignedCount;
}
