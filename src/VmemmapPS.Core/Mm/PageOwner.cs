using System.Runtime.CompilerServices;

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
internal readonly struct OwnedRun : Sim.IRun
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

    ulong Sim.IRun.Start => StartPfn;

    ulong Sim.IRun.Length => Count;
}

/// <summary>Owner of every allocated system RAM page, stored as sorted coalesced runs (page_owner, by run).</summary>
internal sealed class PageOwnerMap
{
    private Sim.SortedRunList<OwnedRun> _runs = new();

    public Sim.SortedRunList<OwnedRun> Runs => _runs;

    public PageOwnerMap Clone() => new() { _runs = _runs.Clone() };

    public bool TryGet(ulong pfn, out OwnedRun run)
    {
        Sim.RunPos i = _runs.Floor(pfn);
        if (!i.IsBeforeFirst && _runs[i].EndPfn > pfn)
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
        Sim.RunPos i = _runs.Floor(pfn);
        bool hasNext = _runs.TryNext(i, out Sim.RunPos next);
        bool mergePrev = !i.IsBeforeFirst && _runs[i].EndPfn == pfn && _runs[i].Owner.SameAs(owner);
        bool mergeNext = hasNext && _runs[next].StartPfn == pfn + count && _runs[next].Owner.SameAs(owner);
        if (mergePrev && mergeNext)
        {
            ulong nextCount = _runs[next].Count;
            _runs.RemoveAt(next);
            _runs[i] = new OwnedRun(_runs[i].StartPfn, _runs[i].Count + count + nextCount, owner);
        }
        else if (mergePrev)
        {
            _runs[i] = new OwnedRun(_runs[i].StartPfn, _runs[i].Count + count, owner);
        }
        else if (mergeNext)
        {
            _runs[next] = new OwnedRun(pfn, count + _runs[next].Count, owner);
        }
        else
        {
            _runs.InsertAfter(i, new OwnedRun(pfn, count, owner));
        }
    }

    /// <summary>Drop ownership of [pfn, pfn+count); every page must be owned.</summary>
    public void Remove(ulong pfn, ulong count)
    {
        while (count > 0)
        {
            Sim.RunPos i = _runs.Floor(pfn);
            ulong piece = System.Math.Min(count, _runs[i].EndPfn - pfn);
            RemoveWithin(i, pfn, piece);
            pfn += piece;
            count -= piece;
        }
    }

    [MethodImpl(Sim.HotPath.Options)]
    private void RemoveWithin(Sim.RunPos i, ulong pfn, ulong count)
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
            _runs.InsertAfter(i, new OwnedRun(end, r.EndPfn - end, r.Owner));
        }
    }
}
