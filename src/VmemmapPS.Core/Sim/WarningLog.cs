using System.Collections.Generic;

namespace VmemmapPS.Core.Sim;

/// <summary>
/// WARN_ON / WARN_ONCE / pr_warn_once hits, in order. "Once" variants fire once per machine, as per boot.
/// Consecutive hits of one check (same function, condition and device) within an operation are one record with
/// a count, so a warning per PTE of a terabyte range stays one record.
/// </summary>
internal sealed class WarningLog
{
    private readonly List<KernelWarning> _warnings = new();
    private readonly HashSet<string> _onceFired = new();

    /// <summary>Records before this index belong to earlier operations and are not extended.</summary>
    private int _sealed;

    public int Count => _warnings.Count;

    /// <summary>Hits, counting every hit an aggregated record stands for.</summary>
    public long Hits { get; private set; }

    public IReadOnlyList<KernelWarning> All => _warnings;

    public WarningLog Clone()
    {
        var c = new WarningLog { _sealed = _sealed, Hits = Hits };
        c._warnings.AddRange(_warnings);
        foreach (string s in _onceFired)
        {
            c._onceFired.Add(s);
        }

        return c;
    }

    /// <summary>Start of an operation: returns the record count; later hits never extend earlier records.</summary>
    public int Checkpoint()
    {
        _sealed = _warnings.Count;
        return _sealed;
    }

    /// <summary>count: how many identical hits this is (one per entry of a run handled at once).</summary>
    public void Warn(string function, string condition, ulong address, string? device, string message, long count = 1)
    {
        Hits += count;
        int last = _warnings.Count - 1;
        if (last >= _sealed && _warnings[last] is KernelWarning prev && prev.Function == function && prev.Condition == condition &&
            prev.Device == device)
        {
            _warnings[last] = new KernelWarning
            {
                Sequence = prev.Sequence, Function = function, Condition = condition, Address = prev.Address, Device = device,
                Message = prev.Message, Count = prev.Count + count,
            };
            return;
        }

        _warnings.Add(new KernelWarning
        {
            Sequence = _warnings.Count + 1, Function = function, Condition = condition, Address = address, Device = device,
            Message = message, Count = count,
        });
    }

    /// <summary>WARN_ON_ONCE / pr_warn_once: only the first hit per machine is recorded.</summary>
    public void WarnOnce(string function, string condition, ulong address, string? device, string message)
    {
        if (_onceFired.Add(function + "|" + condition))
        {
            Warn(function, condition, address, device, message);
        }
    }

    public List<KernelWarning> Since(int count) => _warnings.GetRange(count, _warnings.Count - count);
}
