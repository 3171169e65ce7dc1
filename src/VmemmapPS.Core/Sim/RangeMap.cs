using System.Collections.Generic;

namespace VmemmapPS.Core.Sim;

/// <summary>
/// Sorted, disjoint ranges [start, end) with a value each: lookup by address and overlap tests in O(log n).
/// Setting a range overwrites whatever it covers (the newest value wins).
/// </summary>
internal sealed class RangeMap<T>
{
    private readonly List<ulong> _starts = new();
    private readonly List<ulong> _ends = new();
    private readonly List<T> _values = new();

    public int Count => _starts.Count;

    public RangeMap<T> Clone(System.Func<T, T> copy)
    {
        var c = new RangeMap<T>();
        c._starts.AddRange(_starts);
        c._ends.AddRange(_ends);
        c._values.AddRange(_values.ConvertAll(v => copy(v)));
        return c;
    }

    /// <summary>Index of the last range with start &lt;= x, or -1.</summary>
    private int Floor(ulong x)
    {
        int lo = 0, hi = _starts.Count - 1, found = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >> 1;
            if (_starts[mid] <= x)
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

    public bool TryFind(ulong x, out T value)
    {
        int i = Floor(x);
        if (i >= 0 && _ends[i] > x)
        {
            value = _values[i];
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>The range holding x, with its bounds.</summary>
    public bool TryFind(ulong x, out ulong start, out ulong end, out T value)
    {
        int i = Floor(x);
        if (i >= 0 && _ends[i] > x)
        {
            (start, end, value) = (_starts[i], _ends[i], _values[i]);
            return true;
        }

        (start, end, value) = (0, 0, default!);
        return false;
    }

    /// <summary>Every range in address order.</summary>
    public IEnumerable<(ulong Start, ulong End, T Value)> Entries
    {
        get
        {
            for (int i = 0; i < _starts.Count; i++)
            {
                yield return (_starts[i], _ends[i], _values[i]);
            }
        }
    }

    /// <summary>The lowest range overlapping [start, end), if any.</summary>
    public bool TryFindOverlap(ulong start, ulong end, out T value)
    {
        int i = Floor(start);
        if (i < 0 || _ends[i] <= start)
        {
            i++;
        }

        if (i < _starts.Count && _starts[i] < end)
        {
            value = _values[i];
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>Whether [start, end) lies inside one range.</summary>
    public bool Covers(ulong start, ulong end)
    {
        int i = Floor(start);
        return i >= 0 && _ends[i] >= end;
    }

    public void Set(ulong start, ulong end, T value)
    {
        int at = Cut(start, end);
        _starts.Insert(at, start);
        _ends.Insert(at, end);
        _values.Insert(at, value);
    }

    public void Remove(ulong start, ulong end) => Cut(start, end);

    /// <summary>Remove [start, end) from every range; returns where a range starting at start belongs.</summary>
    private int Cut(ulong start, ulong end)
    {
        int i = Floor(start);
        if (i >= 0 && _ends[i] > start)
        {
            if (_ends[i] > end)
            {
                _starts.Insert(i + 1, end);
                _ends.Insert(i + 1, _ends[i]);
                _values.Insert(i + 1, _values[i]);
            }

            if (_starts[i] == start)
            {
                RemoveAt(i);
                i--;
            }
            else
            {
                _ends[i] = start;
            }
        }

        int j = i + 1;
        while (j < _starts.Count && _starts[j] < end)
        {
            if (_ends[j] <= end)
            {
                RemoveAt(j);
            }
            else
            {
                _starts[j] = end;
                break;
            }
        }

        return j;
    }

    private void RemoveAt(int i)
    {
        _starts.RemoveAt(i);
        _ends.RemoveAt(i);
        _values.RemoveAt(i);
    }
}
