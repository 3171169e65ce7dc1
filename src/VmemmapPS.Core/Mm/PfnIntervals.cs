using System.Runtime.CompilerServices;
using VmemmapPS.Core.Sim;
using VmemmapPS.Core.Units;

namespace VmemmapPS.Core.Mm;

/// <summary>A free pfn interval [Start, End).</summary>
internal readonly struct PfnInterval : IRun
{
    public PfnInterval(ulong start, ulong end)
    {
        Start = start;
        End = end;
    }

    public ulong Start { get; }

    public ulong End { get; }

    public ulong Length => End - Start;
}

/// <summary>
/// Sorted, disjoint, coalesced pfn intervals [start, end). Backs a node's buddy free area: an aligned 2^k block
/// whose pages are all free is exactly what buddy merging would have on free_area[k].
/// </summary>
internal sealed class PfnIntervals
{
    private SortedRunList<PfnInterval> _runs = new();

    public ulong TotalPages { get; private set; }

    public int Count => _runs.Count;

    public ulong StartAt(int i) => _runs.At(i).Start;

    public ulong EndAt(int i) => _runs.At(i).End;

    public PfnIntervals Clone() => new() { _runs = _runs.Clone(), TotalPages = TotalPages };

    public bool ContainsAll(ulong pfn, ulong count)
    {
        RunPos i = _runs.Floor(pfn);
        return !i.IsBeforeFirst && _runs[i].End >= pfn + count;
    }

    public bool Overlaps(ulong pfn, ulong count)
    {
        RunPos i = _runs.Floor(pfn + count - 1);
        return !i.IsBeforeFirst && _runs[i].End > pfn;
    }

    /// <summary>Lowest (or highest) free block of 2^order pages aligned to its size; ulong.MaxValue if none.</summary>
    [MethodImpl(HotPath.Options)]
    public ulong FindAligned(ulong pages, ulong align, bool highest)
    {
        var fit = new AlignedFit(pages, align, highest);
        return _runs.TryFind(pages, highest, ref fit, out PfnInterval r) ? fit.StartIn(r) : ulong.MaxValue;
    }

    /// <summary>Remove [pfn, pfn+count), which must be free.</summary>
    [MethodImpl(HotPath.Options)]
    public void Take(ulong pfn, ulong count)
    {
        RunPos i = _runs.Floor(pfn);
        PfnInterval r = _runs[i];
        ulong end = pfn + count;
        TotalPages -= count;
        if (r.Start == pfn && r.End == end)
        {
            _runs.RemoveAt(i);
        }
        else if (r.Start == pfn)
        {
            _runs[i] = new PfnInterval(end, r.End);
        }
        else if (r.End == end)
        {
            _runs[i] = new PfnInterval(r.Start, pfn);
        }
        else
        {
            _runs[i] = new PfnInterval(r.Start, pfn);
            _runs.InsertAfter(i, new PfnInterval(end, r.End));
        }
    }

    /// <summary>Add [pfn, pfn+count), which must not be free yet; merges with neighbours.</summary>
    [MethodImpl(HotPath.Options)]
    public void Add(ulong pfn, ulong count)
    {
        ulong end = pfn + count;
        TotalPages += count;
        RunPos i = _runs.Floor(pfn);
        bool hasNext = _runs.TryNext(i, out RunPos next);
        bool mergePrev = !i.IsBeforeFirst && _runs[i].End == pfn;
        bool mergeNext = hasNext && _runs[next].Start == end;
        if (mergePrev && mergeNext)
        {
            ulong nextEnd = _runs[next].End;
            _runs.RemoveAt(next);
            _runs[i] = new PfnInterval(_runs[i].Start, nextEnd);
        }
        else if (mergePrev)
        {
            _runs[i] = new PfnInterval(_runs[i].Start, end);
        }
        else if (mergeNext)
        {
            _runs[next] = new PfnInterval(pfn, _runs[next].End);
        }
        else
        {
            _runs.InsertAfter(i, new PfnInterval(pfn, end));
        }
    }

    /// <summary>Whether a free interval holds a block of pages aligned to align, and where.</summary>
    private readonly struct AlignedFit : IRunPredicate<PfnInterval>
    {
        private readonly ulong _pages;
        private readonly ulong _align;
        private readonly bool _highest;

        public AlignedFit(ulong pages, ulong align, bool highest)
        {
            _pages = pages;
            _align = align;
            _highest = highest;
        }

        public bool Fits(PfnInterval r)
        {
            ulong s = StartIn(r);
            return s >= r.Start && s + _pages <= r.End;
        }

        public ulong StartIn(PfnInterval r) =>
            _highest ? KernelAlign.Down(r.End - _pages, _align) : KernelAlign.Up(r.Start, _align);
    }
}
