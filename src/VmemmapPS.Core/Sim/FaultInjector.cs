using VmemmapPS.Core.Errors;

namespace VmemmapPS.Core.Sim;

/// <summary>Fails the Nth (and following Count-1) matching system RAM allocations, like fail_page_alloc with a fixed interval.</summary>
internal sealed class FaultInjector
{
    private long _seen;
    private FaultSpec? _spec;

    public FaultInjector Clone() => (FaultInjector)MemberwiseClone();

    /// <summary>True while a fault is pending: bulk paths step aside so every allocation is counted.</summary>
    public bool Armed => _spec is not null;

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

    /// <summary>
    /// A run of up to n allocations of one order: how many of them succeed before the armed fault (all n when
    /// none is pending for that order). They are counted as n calls of <see cref="ShouldFail"/> would count
    /// them, so the Nth allocation fails at the same place whether it comes alone or inside a run.
    /// </summary>
    public ulong SucceedingBefore(int order, ulong n)
    {
        if (_spec is null || (_spec.Order is int o && o != order))
        {
            return n;
        }

        ulong before = (ulong)System.Math.Max(0, _spec.Nth - 1 - _seen);
        ulong k = System.Math.Min(n, before);
        _seen += (long)k;
        return k;
    }

    /// <summary>Called for every buddy allocation attempt; true = make it fail.</summary>
    public bool ShouldFail(int order)
    {
        if (_spec is null || (_spec.Order is int o && o != order))
        {
            return false;
        }

        _seen++;
        if (_seen < _spec.Nth)
        {
            return false;
        }

        if (_seen >= _spec.Nth + _spec.Count - 1)
        {
            _spec = null;
        }

        return true;
    }
}
