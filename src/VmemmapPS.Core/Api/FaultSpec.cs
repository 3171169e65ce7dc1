namespace VmemmapPS.Core;

/// <summary>A fault to inject into system RAM allocations, or into memory block device creation.</summary>
public sealed class FaultSpec
{
    /// <summary>What fails: a page allocation (the default) or the registration of a memory block device.</summary>
    public FaultSite Site { get; init; } = FaultSite.PageAlloc;

    /// <summary>Fail the Nth matching system RAM allocation from now (1 = the next one).</summary>
    public long Nth { get; init; } = 1;

    /// <summary>Only count allocations of this order (null = any order).</summary>
    public int? Order { get; init; }

    /// <summary>How many consecutive matching allocations fail, starting with the Nth.</summary>
    public long Count { get; init; } = 1;
}
