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
