using System.Runtime.CompilerServices;
using System.Collections.Generic;

namespace VmemmapPS.Core.Mm;

/// <summary>Who holds a run of allocated system RAM pages and why (one owner per page).</summary>
internal readonly struct PageOwner
{
    public PageOwner(PagePurpose purpose, string? device, string function, bool reserved, int node)
    {
        Purpose = purpose;
        Device = device;
        Function = function;
        Reserved = reserved;
        Node = node;
    }

    public PagePurpose Purpose { get; }

    /// <summary>Device whose operation allocated the pages; null for boot.</summary>
    public string? Device { get; }

    public string Function { get; }

    /// <summary>PageReserved: memblock (boot) allocations.</summary>
    public bool Reserved { get; }

    public int Node { get; }

    public bool SameAs(PageOwner o) =>
        Purpose == o.Purpose && Device == o.Device && Function == o.Function && Reserved == o.Reserved && Node == o.Node;
}

/// <summary>An owned run of pfns.</summary>
internal readonly struct OwnedRun
{
    public OwnedRun(ulong startPfn, ulong count, PageOwner owner)
    {
        StartPfn = startPfn;
        Count = count;
        Owner = owner;
    }

    public ulong StartPfn { get; }
    public ulong Count { get; }
    public ulong EndPfn => StartPfn + Count;
    public PageOwner Owner { get; }
}

/// <summary>Owner of every allocated system RAM page, stored as sorted coalesced runs (page_owner, by run).</summary>
internal sealed class PageOwnerMap
{
    private readonly List<OwnedRun> _runs = new();

    public IReadOnlyList<OwnedRun> Runs => _runs;

    public PageOwnerMap Clone()
    {
        var c = new PageOwnerMap();
        c._runs.AddRange(_runs);
        return c;
    }

    [MethodImpl(Sim.HotPath.Options)]
    private int Floor(ulong pfn)
    {
        int lo = 0, hi = _runs.Count - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >> 1;
            if (_runs[mid].StartPfn <= pfn)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found;
    }

    public bool TryGet(ulong pfn, out OwnedRun run)
    {
        int i = Floor(pfn);
        if (i >= 0 && _runs[i].EndPfn > pfn)
        {
            run = _runs[i];
            return true;
        }

        run = default;
        return false;
    }

    [MethodImpl(Sim.HotPath.Options)]
    public void Add(ulong pfn, ulong count, PageOwner owner)
    {
        int i = Floor(pfn);
        bool mergePrev = i >= 0 && _runs[i].EndPfn == pfn && _runs[i].Owner.SameAs(owner);
        bool mergeNext = i + 1 < _runs.Count && _runs[i + 1].StartPfn == pfn + count && _runs[i + 1].Owner.SameAs(owner);
        if (mergePrev && mergeNext)
        {
            _runs[i] = new OwnedRun(_runs[i].StartPfn, _runs[i].Count + count + _runs[i + 1].Count, owner);
            _runs.RemoveAt(i + 1);
        }
        else if (mergePrev)
        {
            _runs[i] = new OwnedRun(_runs[i].StartPfn, _runs[i].Count + count, owner);
        }
        else if (mergeNext)
        {
            _runs[i + 1] = new OwnedRun(pfn, count + _runs[i + 1].Count, owner);
        }
        else
        {
            _runs.Insert(i + 1, new OwnedRun(pfn, count, owner));
        }
    }

    /// <summary>Drop ownership of [pfn, pfn+count); every page must be owned.</summary>
    public void Remove(ulong pfn, ulong count)
    {
        while (count > 0)
        {
            int i = Floor(pfn);
            ulong piece = System.Math.Min(count, _runs[i].EndPfn - pfn);
            RemoveWithin(i, pfn, piece);
            pfn += piece;
            count -= piece;
        }
    }

    [MethodImpl(Sim.HotPath.Options)]
    private void RemoveWithin(int i, ulong pfn, ulong count)
    {
        OwnedRun r = _runs[i];
        ulong end = pfn + count;
        if (r.StartPfn == pfn && r.EndPfn == end)
        {
            _runs.RemoveAt(i);
        }
        else if (r.StartPfn == pfn)
        {
            _runs[i] = new OwnedRun(end, r.EndPfn - end, r.Owner);
        }
        else if (r.EndPfn == end)
        {
            _runs[i] = new OwnedRun(r.StartPfn, pfn - r.StartPfn, r.Owner);
        }
        else
        {
            _runs[i] = new OwnedRun(r.StartPfn, pfn - r.StartPfn, r.Owner);
            _runs.Insert(i + 1, new OwnedRun(end, r.EndPfn - end, r.Owner));
        }
    }
}
