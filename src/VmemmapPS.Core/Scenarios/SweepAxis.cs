using System.Collections.Generic;

namespace VmemmapPS.Core.Scenarios;

/// <summary>One dimension of a sweep: a path (machine.pageSize, devices.pmem0.size) and the values it takes.</summary>
public sealed class SweepAxis
{
    public string Path { get; init; } = string.Empty;

    /// <summary>Property name of this axis in sweep rows (PageSize, Size, Memmap...).</summary>
    public string Column { get; init; } = string.Empty;

    /// <summary>The values as written in the file.</summary>
    public IReadOnlyList<string> Values { get; init; } = new List<string>();
}

/// <summary>A named metric read at the end of each run and put into the run's result row.</summary>
public sealed class ReportColumn
{
    public string Name { get; init; } = string.Empty;

    public string Metric { get; init; } = string.Empty;

    internal Expectations.Metric? Resolved { get; init; }
}
