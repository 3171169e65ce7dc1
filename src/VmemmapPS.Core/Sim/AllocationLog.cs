using System.Runtime.CompilerServices;
using System.Collections.Generic;

namespace VmemmapPS.Core.Sim;

/// <summary>
/// The allocation event log. Consecutive, physically contiguous, otherwise identical events are coalesced into
/// one record (Count allocations, Pages in total) so millions of table allocations stay a handful of records.
/// Records are compact structs (about 56 bytes). Past <see cref="Limit"/> records the oldest half is folded into
/// one summary record per kind of event (same action, source, purpose, function, order, device, node and
/// outcome: their Pages and Count summed), so a long-running machine keeps its totals in bounded memory.
/// </summary>
internal sealed class AllocationLog
{
    /// <summary>The default limit (about 28 MB of records): far above what a scenario records, about seven records per add/remove cycle.</summary>
    public const int DefaultLimit = 500_000;

    private struct Record
    {
        public ulong PhysAddr;
        public ulong Pages;
        public long Count;
        public string Function;
        public string? Device;
        public int Node;
        public byte Action;
        public byte Source;
        public byte Purpose;
        public byte Order;
        public bool Failed;

        public readonly bool SameKind(in Record o) =>
            Action == o.Action && Source == o.Source && Purpose == o.Purpose && Function == o.Function &&
            Order == o.Order && Device == o.Device && Node == o.Node && Failed == o.Failed;
    }

    private readonly ulong _pageSize;
    private List<Record> _records = new();
    private List<Record> _summaries = new();
    private long _firstSequence = 1; // sequence number of _records[0]
    private int _limit = DefaultLimit;

    public AllocationLog(ulong pageSize) => _pageSize = pageSize;

    /// <summary>Records kept one by one before the oldest half is summarised (at least 2).</summary>
    public int Limit
    {
        get => _limit;
        set
        {
            _limit = System.Math.Max(2, value);
            Fold();
        }
    }

    /// <summary>Records folded into summaries so far.</summary>
    public long FoldedRecords { get; private set; }

    public AllocationLog Clone() => new(_pageSize)
    {
        _records = new List<Record>(_records), _summaries = new List<Record>(_summaries), _firstSequence = _firstSequence,
        _limit = _limit, FoldedRecords = FoldedRecords,
    };

    [MethodImpl(HotPath.Options)]
    public void Add(AllocationAction action, AllocationSource source, PagePurpose purpose, string function, ulong pa,
        ulong pages, int order, string? device, int node, bool failed = false, long count = 1)
    {
        var r = new Record
        {
            Action = (byte)action, Source = (byte)source, Purpose = (byte)purpose, Function = function, PhysAddr = pa,
            Pages = pages, Order = (byte)order, Device = device, Node = node, Failed = failed, Count = count,
        };
        int n = _records.Count;
        if (n > 0)
        {
            Record last = _records[n - 1];
            if (last.SameKind(r))
            {
                if (failed || pa == last.PhysAddr + last.Pages * _pageSize)
                {
                    last.Pages += pages;
                    last.Count += count;
                    _records[n - 1] = last;
                    return;
                }

                if (pa + pages * _pageSize == last.PhysAddr)
                {
                    last.PhysAddr = pa;
                    last.Pages += pages;
                    last.Count += count;
                    _records[n - 1] = last;
                    return;
                }
            }
        }

        _records.Add(r);
        if (_records.Count > _limit)
        {
            Fold();
        }
    }

    /// <summary>Fold the oldest half into the summaries (amortised O(1) per record).</summary>
    private void Fold()
    {
        if (_records.Count <= _limit)
        {
            return;
        }

        int fold = _records.Count - _limit / 2;
        for (int i = 0; i < fold; i++)
        {
            Record r = _records[i];
            int s = _summaries.Count - 1;
            while (s >= 0 && !_summaries[s].SameKind(r))
            {
                s--;
            }

            if (s < 0)
            {
                r.PhysAddr = 0;
                _summaries.Add(r);
            }
            else
            {
                Record sum = _summaries[s];
                sum.Pages += r.Pages;
                sum.Count += r.Count;
                _summaries[s] = sum;
            }
        }

        _records.RemoveRange(0, fold);
        _firstSequence += fold;
        FoldedRecords += fold;
    }

    public IReadOnlyList<AllocationEvent> Snapshot()
    {
        var list = new List<AllocationEvent>(_summaries.Count + _records.Count);
        foreach (Record r in _summaries)
        {
            list.Add(ToEvent(r, 0, summary: true));
        }

        for (int i = 0; i < _records.Count; i++)
        {
            list.Add(ToEvent(_records[i], _firstSequence + i, summary: false));
        }

        return list;
    }

    private static AllocationEvent ToEvent(in Record r, long sequence, bool summary) => new()
    {
        Sequence = sequence, Action = (AllocationAction)r.Action, Source = (AllocationSource)r.Source,
        Purpose = (PagePurpose)r.Purpose, KernelFunction = r.Function, PhysAddr = r.PhysAddr, Pages = r.Pages,
        Order = r.Order, Device = r.Device, Node = r.Node, Failed = r.Failed, Count = r.Count, Summary = summary,
    };
}
