namespace VmemmapPS.RealKernel;

/// <summary>
/// One metric of one step, simulated and measured on a real kernel under QEMU. Difference is Real - Simulated;
/// Agree when |Difference| &lt;= Tolerance. A metric the simulator cannot produce has no Simulated value and
/// Agree = false, with Note saying why.
/// </summary>
public sealed class SimKernelComparison
{
    public string Scenario { get; init; } = string.Empty;

    /// <summary>The booted kernel's release (uname -r).</summary>
    public string Kernel { get; init; } = string.Empty;

    /// <summary>The upstream release the simulator resolved that release to (its kernel timeline).</summary>
    public string SimulatedKernel { get; init; } = string.Empty;

    public ulong PageSize { get; init; }

    /// <summary>The guest's step number (1, 2, ...).</summary>
    public int Step { get; init; }

    public string Name { get; init; } = string.Empty;

    /// <summary>Errno, Oops, Warnings, CapacityBytes, RamUsedBytes, MemTotalDeltaBytes.</summary>
    public string Metric { get; init; } = string.Empty;

    public long? Simulated { get; init; }

    public long? Real { get; init; }

    public long? Difference => Simulated is long s && Real is long r ? r - s : null;

    public long Tolerance { get; init; }

    public bool Agree => Difference is long d && (d < 0 ? -d : d) <= Tolerance;

    /// <summary>True when the simulator has a value for this metric: rows without one are reported, not compared.</summary>
    public bool Compared => Simulated is not null;

    public string? Note { get; init; }

    /// <summary>The guest's serial log.</summary>
    public string Log { get; init; } = string.Empty;

    public override string ToString() => $"{Scenario} step {Step} {Metric}";
}
