using System.Collections.Generic;

namespace VmemmapPS.Core.Sim;

/// <summary>WARN_ON / WARN_ONCE / pr_warn_once hits, in order. "Once" variants fire once per machine, as per boot.</summary>
internal sealed class WarningLog
{
    private readonly List<KernelWarning> _warnings = new();
    private readonly HashSet<string> _onceFired = new();

    public int Count => _warnings.Count;

    public IReadOnlyList<KernelWarning> All => _warnings;

    public WarningLog Clone()
    {
        var c = new WarningLog();
        c._warnings.AddRange(_warnings);
        foreach (string s in _onceFired)
        {
            c._onceFired.Add(s);
        }

        return c;
    }

    public void Warn(string function, string condition, ulong address, string? device, string message)
    {
        _warnings.Add(new KernelWarning
        {
            Sequence = _warnings.Count + 1, Function = function, Condition = condition, Address = address, Device = device,
            Message = message,
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
