using System;
using VmemmapPS.Core.Errors;

namespace VmemmapPS.Core.Sim;

/// <summary>Fails the Nth (and following Count-1) matching system RAM allocations, like fail_page_alloc with a fixed interval.</summary>
internal sealed class FaultInjector
{
    private long _seen;
    private FaultSpec? _spec;

    public FaultInjector Clone() => (FaultInjector)MemberwiseClone();

    /// <summary>True when one of the next n allocations of this order would be made to fail: only then does a
    /// bulk path step aside and allocate one by one (a fault filtered to another order never slows it down).</summary>
    public bool FiresWithin(int order, ulong n) => Matches(order) && _spec!.Nth - _seen <= (long)Math.Min(n, (ulong)long.MaxValue);

    /// <summary>Counts n allocations of this order that a bulk path made without asking one by one.</summary>
    public void Skip(int order, ulong n)
    {
        if (Matches(order))
        {
            _seen += (long)Math.Min(n, (ulong)(long.MaxValue - _seen));
        }
    }

    private bool Matches(int order) => _spec is not null && (_spec.Order is not int o || o == order);

    public void Arm(FaultSpec spec, int maxOrder)
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

        if (spec.Order is int o && (o < 0 || o >= maxOrder))
        {
            throw new SimException(FailureKind.InvalidFaultSpec, $"Order must be between 0 and {maxOrder - 1} (MAX_ORDER {maxOrder}), not {o}.", o);
        }

        _spec = spec;
        _seen = 0;
    }

    /// <summary>Called for every buddy allocation attempt; true = make it fail.</summary>
    public bool ShouldFail(int order)
    {
        if (!Matches(order))
        {
            return false;
        }

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
