using System;
using VmemmapPS.Core.Errors;

namespace VmemmapPS.Core.Sim;

/// <summary>Fails the Nth (and following Count-1) matching system RAM allocations, like fail_page_alloc with a fixed interval.</summary>
internal sealed class FaultInjector
{
    private long _seen;
    private FaultSpec? _spec;

    public FaultInjector Clone() => (FaultInjector)MemberwiseClone();

    /// <summary>True when one of the next n allocations of this order would be made to fail (nothing is counted).</summary>
    public bool FiresWithin(int order, ulong n) => Matches(order) && _spec!.Nth - _seen <= (long)Math.Min(n, (ulong)long.MaxValue);

    private bool Matches(int order) => _spec is { Site: FaultSite.PageAlloc } && (_spec.Order is not int o || o == order);

    public void Arm(FaultSpec spec, int maxOrder)
    {
        Validate(spec, maxOrder);
        _spec = spec;
        _seen = 0;
    }

    /// <summary>What Arm refuses, without arming (Add-SimFault -WhatIf validates the same way).</summary>
    public static void Validate(FaultSpec spec, int maxOrder)
    {
        if (spec is null)
        {
            throw new SimException(FailureKind.InvalidFaultSpec, "A fault spec is required.");
        }

        if (spec.Nth < 1)
        {
            throw new SimException(FailureKind.InvalidFaultSpec, $"Nth must be 1 or more (1 = the next allocation), not {spec.Nth}.", spec.Nth);
        }

        if (spec.Count < 1)
        {
            throw new SimException(FailureKind.InvalidFaultSpec, $"Count must be 1 or more, not {spec.Count}.", spec.Count);
        }

        if (!System.Enum.IsDefined(typeof(FaultSite), spec.Site))
        {
            throw new SimException(FailureKind.InvalidFaultSpec, $"Site {(int)spec.Site} is not one of {string.Join(", ", System.Enum.GetNames(typeof(FaultSite)))}.", spec.Site);
        }

        if (spec.Site != FaultSite.PageAlloc && spec.Order.HasValue)
        {
            throw new SimException(FailureKind.InvalidFaultSpec, $"Order applies to page allocations only, not to {spec.Site}.", spec.Order);
        }

        if (spec.Order is int o && (o < 0 || o >= maxOrder))
        {
            throw new SimException(FailureKind.InvalidFaultSpec, $"Order must be between 0 and {maxOrder - 1} (MAX_ORDER {maxOrder}), not {o}.", o);
        }
    }

    /// <summary>
    /// A run of up to n allocations of one order: how many of them succeed before the armed fault (all n when
    /// none is pending for that order). They are counted as n calls of <see cref="ShouldFail"/> would count
    /// them, so the Nth allocation fails at the same place whether it comes alone or inside a run.
    /// </summary>
    public ulong SucceedingBefore(int order, ulong n)
    {
        if (!Matches(order))
        {
            return n; // a fault filtered to another order never slows a run down
        }

        ulong before = (ulong)Math.Max(0, _spec!.Nth - 1 - _seen);
        ulong k = Math.Min(n, before);
        _seen += (long)k;
        return k;
    }

    /// <summary>
    /// n memory block devices registered in a row: how many succeed before the armed fault, which (when it lies
    /// among them) is consumed as the one that fails.
    /// </summary>
    public ulong MemoryBlocksBeforeFailure(ulong n)
    {
        if (_spec is not { Site: FaultSite.MemoryBlockDevice })
        {
            return n;
        }

        ulong before = (ulong)Math.Max(0, _spec.Nth - 1 - _seen);
        if (before >= n)
        {
            _seen += (long)n;
            return n;
        }

        _seen += (long)before;
        Fire();
        return before;
    }

    /// <summary>Called for every buddy allocation attempt; true = make it fail.</summary>
    public bool ShouldFail(int order)
    {
        if (!Matches(order))
        {
            return false;
        }

        return Fire();
    }

    // one more matching call: true when it is one of the Count failing ones
    private bool Fire()
    {
        FaultSpec spec = _spec!;
        _seen++;
        if (_seen < spec.Nth)
        {
            return false;
        }

        // Subtracted, not added: Nth + Count - 1 wraps for a Count near long.MaxValue ("fail from now on").
        if (_seen - spec.Nth >= spec.Count - 1)
        {
            _spec = null;
        }

        return true;
    }
}
