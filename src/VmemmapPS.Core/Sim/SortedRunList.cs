using System.Collections;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace VmemmapPS.Core.Sim;

/// <summary>A run of something keyed by where it starts, with its length (pfns, pages).</summary>
internal interface IRun
{
    ulong Start { get; }

    ulong Length { get; }
}

/// <summary>A place in a <see cref="SortedRunList{T}"/>: block and index in it (Block -1: before the first run).</summary>
internal readonly struct RunPos
{
    public RunPos(int block, int index)
    {
        Block = block;
        Index = index;
    }

    public int Block { get; }

    public int Index { get; }

    public bool IsBeforeFirst => Block < 0;
}

/// <summary>
/// Disjoint runs sorted by start, kept in blocks of a few hundred: finding, inserting and removing a run cost
/// O(log n + block size) instead of the O(n) array shift of one sorted list, so thousands of devices (each with
/// its own page-table and free-list runs) stay cheap per operation. Each block remembers its longest run, so a
/// search for room skips blocks that cannot hold it.
/// </summary>
internal sealed class SortedRunList<T> : IReadOnlyCollection<T>
    where T : struct, IRun
{
    private const int SplitAt = 128;

    private readonly List<List<T>> _blocks = new();
    private readonly List<ulong> _longest = new(); // per block; ulong.MaxValue: to be recomputed

    public int Count { get; private set; }

    public SortedRunList<T> Clone()
    {
        var c = new SortedRunList<T> { Count = Count };
        foreach (List<T> b in _blocks)
        {
            c._blocks.Add(new List<T>(b));
        }

        c._longest.AddRange(_longest);
        return c;
    }

    public T this[RunPos p]
    {
        get => _blocks[p.Block][p.Index];
        set
        {
            _blocks[p.Block][p.Index] = value;
            _longest[p.Block] = ulong.MaxValue;
        }
    }

    /// <summary>The i-th run in start order (walks blocks from the nearer end: O(1) for the first and the last).</summary>
    public T At(int i)
    {
        if (i >= Count / 2)
        {
            int fromEnd = Count - 1 - i;
            for (int b = _blocks.Count - 1; ; b--)
            {
                if (fromEnd < _blocks[b].Count)
                {
                    return _blocks[b][_blocks[b].Count - 1 - fromEnd];
                }

                fromEnd -= _blocks[b].Count;
            }
        }

        for (int b = 0; ; b++)
        {
            if (i < _blocks[b].Count)
            {
                return _blocks[b][i];
            }

            i -= _blocks[b].Count;
        }
    }

    /// <summary>The last run starting at or before key (IsBeforeFirst when none does).</summary>
    [MethodImpl(HotPath.Options)]
    public RunPos Floor(ulong key)
    {
        int lo = 0, hi = _blocks.Count - 1, block = -1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >> 1;
            if (_blocks[mid][0].Start <= key)
            {
                block = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        if (block < 0)
        {
            return new RunPos(-1, 0);
        }

        List<T> runs = _blocks[block];
        lo = 0;
        hi = runs.Count - 1;
        int found = 0;
        while (lo <= hi)
        {
            int mid = (lo + hi) >> 1;
            if (runs[mid].Start <= key)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return new RunPos(block, found);
    }

    /// <summary>The run after p (p may be before the first), or false at the end.</summary>
    public bool TryNext(RunPos p, out RunPos next)
    {
        if (p.IsBeforeFirst)
        {
            next = new RunPos(0, 0);
            return _blocks.Count > 0;
        }

        next = p.Index + 1 < _blocks[p.Block].Count ? new RunPos(p.Block, p.Index + 1) : new RunPos(p.Block + 1, 0);
        return next.Block < _blocks.Count;
    }

    /// <summary>Insert a run right after p (p may be before the first); the caller keeps the order.</summary>
    public void InsertAfter(RunPos p, T run)
    {
        Count++;
        if (_blocks.Count == 0)
        {
            _blocks.Add(new List<T> { run });
            _longest.Add(run.Length);
            return;
        }

        int block = p.IsBeforeFirst ? 0 : p.Block;
        int index = p.IsBeforeFirst ? 0 : p.Index + 1;
        List<T> runs = _blocks[block];
        runs.Insert(index, run);
        _longest[block] = ulong.MaxValue;
        if (runs.Count >= SplitAt)
        {
            int half = runs.Count / 2;
            var right = runs.GetRange(half, runs.Count - half);
            runs.RemoveRange(half, runs.Count - half);
            _blocks.Insert(block + 1, right);
            _longest.Insert(block + 1, ulong.MaxValue);
        }
    }

    public void RemoveAt(RunPos p)
    {
        Count--;
        List<T> runs = _blocks[p.Block];
        runs.RemoveAt(p.Index);
        _longest[p.Block] = ulong.MaxValue;
        if (runs.Count == 0)
        {
            _blocks.RemoveAt(p.Block);
            _longest.RemoveAt(p.Block);
        }
    }

    /// <summary>The first run from the low (or high) end for which fits returns true, skipping blocks whose longest run is shorter than minLength.</summary>
    public bool TryFind<TFit>(ulong minLength, bool fromHigh, ref TFit fits, out T found)
        where TFit : struct, IRunPredicate<T>
    {
        for (int n = 0; n < _blocks.Count; n++)
        {
            int b = fromHigh ? _blocks.Count - 1 - n : n;
            if (Longest(b) < minLength)
            {
                continue;
            }

            List<T> runs = _blocks[b];
            for (int m = 0; m < runs.Count; m++)
            {
                T r = runs[fromHigh ? runs.Count - 1 - m : m];
                if (r.Length >= minLength && fits.Fits(r))
                {
                    found = r;
                    return true;
                }
            }
        }

        found = default;
        return false;
    }

    private ulong Longest(int b)
    {
        if (_longest[b] == ulong.MaxValue)
        {
            ulong longest = 0;
            foreach (T r in _blocks[b])
            {
                longest = System.Math.Max(longest, r.Length);
            }

            _longest[b] = longest;
        }

        return _longest[b];
    }

    public Enumerator GetEnumerator() => new(this);

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>In start order, without allocating.</summary>
    public struct Enumerator : IEnumerator<T>
    {
        private readonly List<List<T>> _blocks;
        private int _block;
        private int _index;

        internal Enumerator(SortedRunList<T> list)
        {
            _blocks = list._blocks;
            _block = 0;
            _index = -1;
        }

        public T Current => _blocks[_block][_index];

        object IEnumerator.Current => Current;

        public bool MoveNext()
        {
            if (_block >= _blocks.Count)
            {
                return false;
            }

            if (++_index < _blocks[_block].Count)
            {
                return true;
            }

            _index = 0;
            return ++_block < _blocks.Count;
        }

        public void Reset()
        {
            _block = 0;
            _index = -1;
        }

        public void Dispose()
        {
        }
    }
}

/// <summary>A test on one run, as a struct so the search loop calls it without a delegate.</summary>
internal interface IRunPredicate<T>
{
    bool Fits(T run);
}
