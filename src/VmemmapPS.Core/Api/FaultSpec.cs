namespace VmemmapPS.Core;

/// <summary>A fault to inject into system RAM allocations.</summary>
public sealed class FaultSpec
{
    /// <summary>Fail the Nth matching system RAM allocation from now (1 = the next one).</summary>
    public long Nth { get; init; } = 1;

    /// <summary>Only count allocations of this order (null = any order).</summary>
    public int? Order { get; init; }

    /// <summary>How many consecutive matching allocations fail, starting with the Nth.</summary>
    public long Count { get; init; } = 1;
}
