using System.Collections.Generic;

namespace VmemmapPS.Core.Drivers.Base;

/// <summary>
/// struct memory_block for a run of consecutive blocks that are in the same state: the zone they are online in
/// (None = offline) and their per-block vmem_altmap counters (alloc and align, each block has its own altmap).
/// </summary>
internal readonly struct MemoryBlockRun
{
    public MemoryBlockRun(ulong first, ulong count, MemoryZone zone, ulong altmapAlloc, ulong altmapAlign)
    {
        First = first;
        Count = count;
        Zone = zone;
        AltmapAlloc = altmapAlloc;
        AltmapAlign = altmapAlign;
    }

    /// <summary>Index of the first block inside its resource (0 = the resource's first block).</summary>
    public ulong First { get; }

    public ulong Count { get; }

    public ulong End => First + Count;

    public MemoryZone Zone { get; }

    public ulong AltmapAlloc { get; }

    public ulong AltmapAlign { get; }

    public bool SameState(MemoryBlockRun o) => Zone == o.Zone && AltmapAlloc == o.AltmapAlloc && AltmapAlign == o.AltmapAlign;

    public MemoryBlockRun With(ulong first, ulong count) => new(first, count, Zone, AltmapAlloc, AltmapAlign);
}

/// <summary>
/// The memory blocks of one resource as sorted, coalesced runs: cost follows the number of distinct states, not
/// the number of blocks (a 2 TiB expander is 16384 blocks of 128 MiB).
/// </summary>
internal sealed class MemoryBlockRuns
{
    private List<MemoryBlockRun> _runs = new();

    public IReadOnlyList<MemoryBlockRun> Runs => _runs;

    public ulong Count => _runs.Count == 0 ? 0 : _runs[_runs.Count - 1].End;

    public MemoryBlockRuns Clone() => new() { _runs = new List<MemoryBlockRun>(_runs) };

    /// <summary>Append blocks after the last one (create_memory_block_devices).</summary>
    public void Append(ulong count, MemoryZone zone, ulong altmapAlloc, ulong altmapAlign) =>
        Set(Count, count, new MemoryBlockRun(Count, count, zone, altmapAlloc, altmapAlign));

    /// <summary>The run holding block i.</summary>
    public MemoryBlockRun At(ulong i)
    {
        foreach (MemoryBlockRun r in _runs)
        {
            if (i >= r.First && i < r.End)
            {
                return r;
            }
        }

        throw new System.ArgumentOutOfRangeException(nameof(i));
    }

    /// <summary>Give blocks [first, first + count) the state of <paramref name="state"/>, splitting and merging runs.</summary>
    public void Set(ulong first, ulong count, MemoryBlockRun state)
    {
        ulong end = first + count;
        var next = new List<MemoryBlockRun>(_runs.Count + 2);
        bool placed = false;
        foreach (MemoryBlockRun r in _runs)
        {
            if (r.End <= first || r.First >= end)
            {
                if (!placed && r.First >= end)
                {
                    AddMerged(next, state.With(first, count));
                    placed = true;
                }

                AddMerged(next, r);
                continue;
            }

            if (r.First < first)
            {
                AddMerged(next, r.With(r.First, first - r.First));
            }

            if (!placed)
            {
                AddMerged(next, state.With(first, count));
                placed = true;
            }

            if (r.End > end)
            {
                AddMerged(next, r.With(end, r.End - end));
            }
        }

        if (!placed)
        {
            AddMerged(next, state.With(first, count));
        }

        _runs = next;
    }

    /// <summary>Forget blocks [first, end of resource) (remove_memory_block_devices of a tail).</summary>
    public void Truncate(ulong first)
    {
        var next = new List<MemoryBlockRun>();
        foreach (MemoryBlockRun r in _runs)
        {
            if (r.First < first)
            {
                next.Add(r.End <= first ? r : r.With(r.First, first - r.First));
            }
        }

        _runs = next;
    }

    private static void AddMerged(List<MemoryBlockRun> list, MemoryBlockRun r)
    {
        if (r.Count == 0)
        {
            return;
        }

        if (list.Count > 0 && list[list.Count - 1].End == r.First && list[list.Count - 1].SameState(r))
        {
            MemoryBlockRun last = list[list.Count - 1];
            list[list.Count - 1] = last.With(last.First, last.Count + r.Count);
            return;
        }

        list.Add(r);
    }
}
