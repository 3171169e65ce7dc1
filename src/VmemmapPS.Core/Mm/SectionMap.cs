using System.Collections.Generic;
using VmemmapPS.Core.Sim;

namespace VmemmapPS.Core.Mm;

/// <summary>
/// The mem_section array, stored by run: consecutive hot-added sections in the same state (every sub-section
/// active, a mem_map, one node, one owner) are one range; a section gets its own <see cref="MemSection"/> only
/// where it differs (early, partially populated, failed) or when kernel code is about to change it.
/// </summary>
internal sealed class SectionMap
{
    /// <summary>The state every section of a run shares.</summary>
    private sealed class FullRun
    {
        public FullRun(int nid, string? owner)
        {
            Nid = nid;
            Owner = owner;
        }

        public int Nid { get; }
        public string? Owner { get; }
    }

    private readonly int _subsections;
    private readonly Dictionary<ulong, MemSection> _single = new();
    private readonly SortedSet<ulong> _singleNrs = new();
    private RangeMap<FullRun> _runs = new();

    public SectionMap(int subsections) => _subsections = subsections;

    /// <summary>Sections stored one by one (all of them at boot).</summary>
    public int IndividualCount => _single.Count;

    public IEnumerable<MemSection> Individual => _single.Values;

    public SectionMap Clone()
    {
        var c = new SectionMap(_subsections) { _runs = _runs.Clone(r => r) };
        foreach (KeyValuePair<ulong, MemSection> kv in _single)
        {
            c._single.Add(kv.Key, kv.Value.Clone());
            c._singleNrs.Add(kv.Key);
        }

        return c;
    }

    /// <summary>The section to read or change; a member of a run is split out of it first.</summary>
    public bool TryGetValue(ulong nr, out MemSection ms)
    {
        if (_single.TryGetValue(nr, out ms!))
        {
            return true;
        }

        if (!_runs.TryFind(nr, out FullRun run))
        {
            return false;
        }

        _runs.Remove(nr, nr + 1);
        ms = Full(nr, run);
        _single.Add(nr, ms);
        _singleNrs.Add(nr);
        return true;
    }

    public MemSection GetOrCreate(ulong nr)
    {
        if (!TryGetValue(nr, out MemSection ms))
        {
            ms = new MemSection(nr, _subsections);
            _single.Add(nr, ms);
            _singleNrs.Add(nr);
        }

        return ms;
    }

    /// <summary>A section's state for observers, without splitting its run (changes to it are not stored).</summary>
    public MemSection? Peek(ulong nr) =>
        _single.TryGetValue(nr, out MemSection? ms) ? ms : _runs.TryFind(nr, out FullRun run) ? Full(nr, run) : null;

    /// <summary>Whether [nr, nr+count) holds no section, or only ones that are as if never added.</summary>
    public bool IsUnused(ulong nr, ulong count)
    {
        if (_runs.TryFindOverlap(nr, nr + count, out _))
        {
            return false;
        }

        foreach (ulong n in _singleNrs.GetViewBetween(nr, nr + count - 1))
        {
            MemSection ms = _single[n];
            if (ms.Usage || ms.HasMemMap || ms.Early || !ms.MapEmpty)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>count fresh sections from nr, fully populated for owner on nid (the caller checked <see cref="IsUnused"/>).</summary>
    public void AddRun(ulong nr, ulong count, int nid, string? owner)
    {
        foreach (ulong n in new List<ulong>(_singleNrs.GetViewBetween(nr, nr + count - 1)))
        {
            _single.Remove(n);
            _singleNrs.Remove(n);
        }

        _runs.Set(nr, nr + count, new FullRun(nid, owner));
    }

    /// <summary>Whether [nr, nr+count) lies inside one run (every section full, not early).</summary>
    public bool IsRun(ulong nr, ulong count) => _runs.Covers(nr, nr + count);

    /// <summary>Drop [nr, nr+count) of a run: the sections are as if never added (usage freed, no mem_map).</summary>
    public void RemoveRun(ulong nr, ulong count) => _runs.Remove(nr, nr + count);

    /// <summary>Every stored section in number order: (first number, how many, their state).</summary>
    public IEnumerable<(ulong FirstNr, ulong Count, MemSection State)> InOrder()
    {
        using IEnumerator<(ulong Start, ulong End, FullRun Value)> runs = _runs.Entries.GetEnumerator();
        bool haveRun = runs.MoveNext();
        foreach (ulong nr in _singleNrs)
        {
            while (haveRun && runs.Current.Start < nr)
            {
                yield return (runs.Current.Start, runs.Current.End - runs.Current.Start, Full(runs.Current.Start, runs.Current.Value));
                haveRun = runs.MoveNext();
            }

            yield return (nr, 1, _single[nr]);
        }

        while (haveRun)
        {
            yield return (runs.Current.Start, runs.Current.End - runs.Current.Start, Full(runs.Current.Start, runs.Current.Value));
            haveRun = runs.MoveNext();
        }
    }

    /// <summary>Whether a section in [first, last] has a mem_map.</summary>
    public bool AnyPresent(ulong first, ulong last)
    {
        if (_runs.TryFindOverlap(first, last + 1, out _))
        {
            return true;
        }

        foreach (ulong n in _singleNrs.GetViewBetween(first, last))
        {
            if (_single[n].HasMemMap)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a hot-added section still has active sub-sections from device.</summary>
    public bool AnyLeftBy(string device)
    {
        foreach ((ulong _, ulong _, FullRun run) in _runs.Entries)
        {
            if (SimNames.Same(run.Owner, device))
            {
                return true;
            }
        }

        foreach (MemSection s in _single.Values)
        {
            if (!s.Early && SimNames.Same(s.Owner, device) && !s.MapEmpty)
            {
                return true;
            }
        }

        return false;
    }

    private MemSection Full(ulong nr, FullRun run)
    {
        var ms = new MemSection(nr, _subsections) { Usage = true, HasMemMap = true, Nid = run.Nid, Owner = run.Owner };
        ms.SetRange(0, _subsections - 1);
        return ms;
    }
}
