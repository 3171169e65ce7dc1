using System.Runtime.CompilerServices;
using System.Collections.Generic;

namespace VmemmapPS.Core.Sim;

/// <summary>
/// The allocation event log. Consecutive, physically contiguous, otherwise identical events are coalesced into
/// one record (Count allocations, Pages in total) so millions of table allocations stay a handful of records.
/// </summary>
internal sealed class AllocationLog
{
    private sealed class Record
    {
        public long Sequence;
        public AllocationAction Action;
        public AllocationSource Source;
        public PagePurpose Purpose;
        public string Function = string.Empty;
        public ulong PhysAddr;
        public ulong Pages;
        public int Order;
        public string? Device;
        public int Node;
        public bool Failed;
        public long Count;

        public Record Copy() => (Record)MemberwiseClone();
    }

    private readonly List<Record> _records = new();
    private long _sequence;
    private readonly ulong _pageSize;

    public AllocationLog(ulong pageSize) => _pageSize = pageSize;

    public AllocationLog Clone()
    {
        var c = new AllocationLog(_pageSize) { _sequence = _sequence };
        foreach (Record r in _records)
        {
            c._records.Add(r.Copy());
        }

        return c;
    }

    [MethodImpl(HotPath.Options)]
    public void Add(AllocationAction action, AllocationSource source, PagePurpose purpose, string function, ulong pa,
        ulong pages, int order, string? device, int node, bool failed = false, long count = 1)
    {
        if (_records.Count > 0)
        {
            Record last = _records[_records.Count - 1];
            if (last.Action == action && last.Source == source && last.Purpose == purpose && last.Function == function &&
                last.Order == order && last.Device == device && last.Node == node && last.Failed == failed)
            {
                if (failed || pa == last.PhysAddr + last.Pages * _pageSize)
                {
                    last.Pages += pages;
                    last.Count += count;
                    return;
                }

                if (pa + pages * _pageSize == last.PhysAddr)
                {
                    last.PhysAddr = pa;
                    last.Pages += pages;
                    last.Count += count;
                    return;
                }
            }
        }

        _records.Add(new Record
        {
            Sequence = ++_sequence, Action = action, Source = source, Purpose = purpose, Function = function,
            PhysAddr = pa, Pages = pages, Order = order, Device = device, Node = node, Failed = failed, Count = count,
        });
    }

    public IReadOnlyList<AllocationEvent> Snapshot()
    {
        var list = new List<AllocationEvent>(_records.Count);
        foreach (Record r in _records)
        {
            list.Add(new AllocationEvent
            {
                Sequence = r.Sequence, Action = r.Action, Source = r.Source, Purpose = r.Purpose, KernelFunction = r.Function,
                PhysAddr = r.PhysAddr, Pages = r.Pages, Order = r.Order, Device = r.Device, Node = r.Node, Failed = r.Failed,
                Count = r.Count,
            });
        }

        return list;
    }
}
