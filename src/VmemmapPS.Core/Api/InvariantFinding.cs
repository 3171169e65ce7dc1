namespace VmemmapPS.Core;

/// <summary>One finding of the invariant checker.</summary>
public sealed class InvariantFinding
{
    /// <summary>Check name: MemmapMapped, SingleOwner, Accounting, Baseline, AltmapBalance...</summary>
    public string Check { get; init; } = string.Empty;

    public string Message { get; init; } = string.Empty;

    public ulong Address { get; init; }

    public string? Device { get; init; }
}
