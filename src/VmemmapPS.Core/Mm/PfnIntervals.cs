using System.Collections.Generic;
using System.Runtime.CompilerServices;
using VmemmapPS.Core.Units;

namespace VmemmapPS.Core.Mm;

/// <summary>
/// Sorted, disjoint, coalesced pfn intervals [start, end). Backs a node's buddy free area: an aligned 2^k block
/// whose pages are all free is exactly what buddy merging would have on free_area[k].
/// </summary>
internal sealed class PfnIntervals
{
    private readonly List<ulong> _starts = new();
    private readonly List<ulong> _ends = new();

    public ulong TotalPages { get; private set; }

    public int Count => _starts.Count;

    public ulong StartAt(int i) => _starts[i];

    public ulong EndAt(int i) => _ends[i];

    public PfnIntervals Clone()
    {
        var c = new PfnIntervals();
        c._starts.AddRange(_starts);
        c._ends.AddRange(_ends);
        c.TotalPages = TotalPages;
        return c;
    }

    /// <summary>Index of the last interval with start &lt;= pfn, or -1.</summary>
    [MethodImpl(Sim.HotPath.Options)]
    private int Floor(ulong pfn)
    {
        int lo = 0, hi = _starts.Count - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >> 1;
            if (_starts[mid] <= pfn)
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

    public bool ContainsAll(ulong pfn, ulong count)
    {
        int i = Floor(pfn);
        return i >= 0 && _ends[i] >= pfn + count;
    }

    public bool Overlaps(ulong pfn, ulong count)
    {
        int i = Floor(pfn + count - 1);
        return i >= 0 && _ends[i] > pfn;
    }

    /// <summary>Lowest (or highest) free block of 2^order pages aligned to its size; ulong.MaxValue if none.</summary>
    [MethodImpl(Sim.HotPath.Options)]
    public ulong FindAligned(ulong pages, ulong align, bool highest)
    {
        if (!highest)
        {
            for (int i = 0; i < _starts.Count; i++)
            {
                ulong s = KernelAlign.Up(_starts[i], align);
                if (s >= _starts[i] && s + pages <= _ends[i])
                {
                    return s;
                }
            }

            return ulong.MaxValue;
        }

        for (int i = _starts.Count - 1; i >= 0; i--)
        {
            if (_ends[i] - _starts[i] < pages)
            {
                continue;
            }

            ulong s = KernelAlign.Down(_ends[i] - pages, align);
            if (s >= _starts[i])
            {
                return s;
            }
        }

        return ulong.MaxValue;
    }

    /// <summary>Remove [pfn, pfn+count), which must be free.</summary>
    [MethodImpl(Sim.HotPath.Options)]
    public void Take(ulong pfn, ulong count)
    {
        int i = Floor(pfn);
        ulong s = _starts[i], e = _ends[i];
        ulong end = pfn + count;
        TotalPages -= count;
        if (s == pfn && e == end)
        {
            _starts.RemoveAt(i);
            _ends.RemoveAt(i);
        }
        else if (s == pfn)
        {
            _starts[i] = end;
        }
        else if (e == end)
        {
            _ends[i] = pfn;
        }
        else
        {
            _ends[i] = pfn;
            _starts.Insert(i + 1, end);
            _ends.Insert(i + 1, e);
        }
    }

    /// <summary>Add [pfn, pfn+count), which must not be free yet; merges with neighbours.</summary>
    [MethodImpl(Sim.HotPath.Options)]
    public void Add(ulong pfn, ulong count)
    {
        ulong end = pfn + count;
        TotalPages += count;
        int i = Floor(pfn);
        bool mergePrev = i >= 0 && _ends[i] == pfn;
        bool mergeNext = i + 1 < _starts.Count && _starts[i + 1] == end;
        if (mergePrev && mergeNext)
        {
            _ends[i] = _ends[i + 1];
            _starts.RemoveAt(i + 1);
            _ends.RemoveAt(i + 1);
        }
        else if (mergePrev)
        {
            _ends[i] = end;
        }
        else if (mergeNext)
        {
            _starts[i + 1] = pfn;
        }
        else
        {
            _starts.Insert(i + 1, pfn);
            _ends.Insert(i + 1, end);
        }
    }
}
