using System.Collections.Generic;
using System.Runtime.CompilerServices;
using VmemmapPS.Core.Arch.Arm64;
using VmemmapPS.Core.Mm;
using VmemmapPS.Core.Units;

namespace VmemmapPS.Core.Sim;

/// <summary>A run of leaf entries at one level, consecutive in VA and PA.</summary>
internal struct LeafRun
{
    public ulong Va;
    public ulong Size;
    public int Level;
    public ulong Pa;
    public ulong Entries;

    /// <summary>Every entry maps the one page at Pa, which an earlier PTE maps too (a compound devmap's reused tail page).</summary>
    public bool Reused;

    /// <summary>Bytes of physical memory behind the run: one page when reused, else Size.</summary>
    public ulong PhysSize(ulong pageSize) => Reused ? pageSize : Size;
}

/// <summary>Enumerates the leaves of swapper_pg_dir in VA order, a uniform table as one run (cost ~ runs, not pages).</summary>
internal abstract partial class KernelPageTables : PageAllocator
{
    public List<LeafRun> LeafRuns(ulong lo, ulong hi)
    {
        var output = new List<LeafRun>();
        WalkLeaves(Pgd, lo, hi, output);
        return output;
    }

    [MethodImpl(HotPath.Options)]
    private void WalkLeaves(TablePage t, ulong lo, ulong hi, List<LeafRun> output)
    {
        ulong span = G.EntrySpan(t.Level);
        ulong tableLast = t.VaBase + ((ulong)t.EntryCount * span - 1);
        if (hi - 1 < t.VaBase || lo > tableLast)
        {
            return;
        }

        int i0 = lo <= t.VaBase ? 0 : G.IndexOf(lo, t.Level);
        int i1 = hi - 1 >= tableLast ? t.EntryCount - 1 : G.IndexOf(hi - 1, t.Level);
        for (int i = t.NextUsed(i0); i <= i1; i = t.NextUsed(i + 1))
        {
            ulong d = t.Get(i);
            if (PgtableDesc.Kind(d) == DescKind.Table)
            {
                ulong pa = PgtableDesc.Pa(d);
                if (Tables.TryGetValue(pa, out TablePage? child))
                {
                    WalkLeaves(child, lo, hi, output);
                }
                else if (FindSpan(pa, out ulong k) is TableSpan ts)
                {
                    int m = ConsecutiveTables(t, i, System.Math.Min((ulong)(i1 - i + 1), ts.Count - k));

                    if (!ts.Cleared)
                    {
                        EmitClipped(output, ChildVaBase(t, i), (ulong)m * span, ts.LeafPa0 + k * span, ts.Level, lo, hi);
                    }

                    i += m - 1;
                }

                continue;
            }

            int last = i;
            if (t.Uniform)
            {
                last = System.Math.Min(i1, t.RunStart + t.RunCount - 1);
            }

            ulong leafPa = PgtableDesc.Pa(d);
            int first = i;
            if (t.Level == 3 && (t.RunRepeats || MapsLastPage(output, leafPa)))
            {
                if (!MapsLastPage(output, leafPa))
                {
                    Emit(output, ChildVaBase(t, i), span, t.Level, leafPa, 1); // the PTE the page was allocated for
                    first = i + 1;
                }

                if (first <= last)
                {
                    EmitReused(output, ChildVaBase(t, first), (ulong)(last - first + 1) * span, leafPa, (ulong)(last - first + 1));
                }

                i = last;
                continue;
            }

            Emit(output, ChildVaBase(t, i), (ulong)(last - i + 1) * span, t.Level, leafPa, (ulong)(last - i + 1));
            i = last;
        }
    }

    /// <summary>The leaves of span tables at their level, clipped to [lo, hi) at entry granularity (hi 0 = top of the space).</summary>
    private void EmitClipped(List<LeafRun> output, ulong va, ulong size, ulong pa, int level, ulong lo, ulong hi)
    {
        ulong entry = G.EntrySpan(level);
        ulong start = System.Math.Max(va, KernelAlign.Down(lo, entry));
        ulong last = va + size - 1;
        if (hi != 0)
        {
            last = System.Math.Min(last, KernelAlign.Up(hi, entry) - 1);
        }

        ulong bytes = last - start + 1;
        Emit(output, start, bytes, level, pa + (start - va), bytes / entry);
    }

    /// <summary>The last PTE emitted maps the page at pa: a further PTE on it is a reuse.</summary>
    private bool MapsLastPage(List<LeafRun> output, ulong pa)
    {
        if (output.Count == 0)
        {
            return false;
        }

        LeafRun prev = output[output.Count - 1];
        return prev.Level == 3 && (prev.Reused ? prev.Pa == pa : prev.Pa + prev.Size - G.PageSize == pa);
    }

    private static void EmitReused(List<LeafRun> output, ulong va, ulong size, ulong pa, ulong entries)
    {
        if (output.Count > 0)
        {
            LeafRun prev = output[output.Count - 1];
            if (prev.Reused && prev.Pa == pa && prev.Va + prev.Size == va)
            {
                prev.Size += size;
                prev.Entries += entries;
                output[output.Count - 1] = prev;
                return;
            }
        }

        output.Add(new LeafRun { Va = va, Size = size, Level = 3, Pa = pa, Entries = entries, Reused = true });
    }

    private static void Emit(List<LeafRun> output, ulong va, ulong size, int level, ulong pa, ulong entries)
    {
        if (output.Count > 0)
        {
            LeafRun prev = output[output.Count - 1];
            if (!prev.Reused && prev.Level == level && prev.Va + prev.Size == va && prev.Pa + prev.Size == pa)
            {
                prev.Size += size;
                prev.Entries += entries;
                output[output.Count - 1] = prev;
                return;
            }
        }

        output.Add(new LeafRun { Va = va, Size = size, Level = level, Pa = pa, Entries = entries });
    }

    /// <summary>
    /// The table pages under swapper_pg_dir (excluding swapper_pg_dir itself) of one region and level (null: any),
    /// by VA then level. Run-stored tables (see TableSpan) are materialised only when they are asked for.
    /// </summary>
    public List<TablePage> AllTables(PageTableRegion? region = null, int? level = null)
    {
        var list = new List<TablePage>();
        foreach (TablePage t in Tables.Values)
        {
            if ((region is null || t.Region == region) && (level is null || t.Level == level))
            {
                list.Add(t);
            }
        }

        foreach (TableSpan span in Spans)
        {
            if ((region is null || span.Region == region) && (level is null || span.Level == level))
            {
                for (ulong k = 0; k < span.Count; k++)
                {
                    list.Add(SpanTableView(span, k));
                }
            }
        }

        list.Sort((a, b) => a.VaBase != b.VaBase ? a.VaBase.CompareTo(b.VaBase) : a.Level.CompareTo(b.Level));
        return list;
    }
}
