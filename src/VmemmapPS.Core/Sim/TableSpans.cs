using System.Collections.Generic;
using System.Runtime.CompilerServices;
using VmemmapPS.Core.Arch.Arm64;
using VmemmapPS.Core.Mm;

namespace VmemmapPS.Core.Sim;

/// <summary>Storage of <see cref="TableSpan"/>s and the walker hooks that read them without expanding them.</summary>
internal abstract partial class KernelPageTables : PageAllocator
{
    /// <summary>The VA (and leaf PA) one table of the span covers: an entry of the level above.</summary>
    private ulong TableVaSpan(TableSpan span) => G.EntrySpan(span.Level - 1);

    public ulong SpanPages
    {
        get
        {
            ulong n = 0;
            foreach (TableSpan s in Spans)
            {
                n += s.Count;
            }

            return n;
        }
    }

    /// <summary>Spans emptied in place (Count 0); compacted once they are the majority.</summary>
    private int _deadSpans;

    /// <summary>The spans that hold tables, for observers: a dead span (Count 0) only keeps its place until compaction.</summary>
    public IEnumerable<TableSpan> LiveSpans
    {
        get
        {
            foreach (TableSpan s in Spans)
            {
                if (s.Count > 0)
                {
                    yield return s;
                }
            }
        }
    }

    /// <summary>The span holding table page pa and its index in it, or null.</summary>
    public TableSpan? FindSpan(ulong pa, out ulong k) => FindSpan(pa, out k, out _);

    [MethodImpl(HotPath.Options)]
    private TableSpan? FindSpan(ulong pa, out ulong k, out int index)
    {
        k = 0;
        index = -1;
        int lo = 0, hi = Spans.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >> 1;
            TableSpan s = Spans[mid];
            if (pa < s.Pa0)
            {
                hi = mid - 1;
            }
            else if (pa >= s.Pa0 + s.Count * G.PageSize)
            {
                lo = mid + 1;
            }
            else
            {
                k = (pa - s.Pa0) >> G.PageShift;
                index = mid;
                return s;
            }
        }

        return null;
    }

    public void InsertSpan(TableSpan span)
    {
        // A dead span keeps its Pa0 only while no live span can cover it; new spans may reuse those pages.
        if (_deadSpans > 0)
        {
            Spans.RemoveAll(x => x.Count == 0);
            _deadSpans = 0;
        }

        int lo = 0, hi = Spans.Count;
        if (hi > 0 && Spans[hi - 1].Pa0 < span.Pa0)
        {
            lo = hi;
        }

        while (lo < hi)
        {
            int mid = (lo + hi) >> 1;
            if (Spans[mid].Pa0 < span.Pa0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        // tables that continue the span before (or are continued by the one after) join it: one run, however many calls made it
        if (lo > 0 && Continues(Spans[lo - 1], span))
        {
            Spans[lo - 1].Count += span.Count;
            if (lo < Spans.Count && Continues(Spans[lo - 1], Spans[lo]))
            {
                Spans[lo - 1].Count += Spans[lo].Count;
                Spans.RemoveAt(lo);
            }

            return;
        }

        if (lo < Spans.Count && Continues(span, Spans[lo]))
        {
            TableSpan next = Spans[lo];
            next.Pa0 = span.Pa0;
            next.Va0 = span.Va0;
            next.LeafPa0 = span.LeafPa0;
            next.Count += span.Count;
            return;
        }

        Spans.Insert(lo, span);
    }

    /// <summary>b's tables follow a's in PA, VA and leaf PA, with the same owner, level and state.</summary>
    private bool Continues(TableSpan a, TableSpan b)
    {
        ulong tableSpan = TableVaSpan(a);
        return a.Level == b.Level && a.Region == b.Region && a.Cleared == b.Cleared && a.Node == b.Node &&
            string.Equals(a.Device, b.Device, System.StringComparison.Ordinal) &&
            b.Pa0 == a.Pa0 + a.Count * G.PageSize && b.Va0 == a.Va0 + a.Count * tableSpan &&
            b.LeafPa0 == a.LeafPa0 + a.Count * tableSpan;
    }

    /// <summary>
    /// Cut tables [k, k+n) out of the span that holds table page pa; returns the cut piece (not stored). The
    /// remainders stay in place (a cut from the middle inserts the right-hand part).
    /// </summary>
    public TableSpan CutSpan(TableSpan span, ulong k, ulong n)
    {
        FindSpan(span.Pa0 + k * G.PageSize, out _, out int index);
        ulong tableSpan = TableVaSpan(span);
        TableSpan piece = span.Slice(k, n, G.PageSize, tableSpan);
        ulong count = span.Count;
        if (k == 0 && n == count)
        {
            span.Count = 0; // dead: keeps its place in the order
            if (++_deadSpans > 1024 && _deadSpans * 2 > Spans.Count)
            {
                Spans.RemoveAll(x => x.Count == 0);
                _deadSpans = 0;
            }
        }
        else if (k == 0)
        {
            span.Pa0 += n * G.PageSize;
            span.Va0 += n * tableSpan;
            span.LeafPa0 += n * tableSpan;
            span.Count -= n;
        }
        else
        {
            span.Count = k;
            if (k + n < count)
            {
                Spans.Insert(index + 1, span.Slice(k + n, count - k - n, G.PageSize, tableSpan));
            }
        }

        return piece;
    }

    /// <summary>
    /// How many entries of parent (a PMD table over PTE spans, or a PUD table over PMD spans) from i point at
    /// consecutive tables of one span and lie wholly inside [addr, end): returns the address after them, or null
    /// when entry i is not a span table at an entry boundary.
    /// </summary>
    [MethodImpl(HotPath.Options)]
    public ulong? WholeSpanEntries(TablePage pmd, int i, ulong addr, ulong end, out TableSpan? ts, out ulong k, out ulong m)
    {
        ulong span = G.EntrySpan(pmd.Level);
        ulong pa = PgtableDesc.Pa(pmd.Get(i));
        m = 0;
        k = 0;
        ts = null;
        if ((addr & (span - 1)) != 0 || Tables.ContainsKey(pa) || (ts = FindSpan(pa, out k)) is null)
        {
            return null;
        }

        ulong whole = end == 0 ? ulong.MaxValue : (end - addr) / span; // end 0 is the top of the address space
        m = (ulong)ConsecutiveTables(pmd, i, System.Math.Min(ts.Count - k, whole));
        return m == 0 ? null : addr + m * span;
    }

    /// <summary>
    /// How many entries of parent from i on (at most limit) point at consecutive table pages, starting with the one
    /// entry i points at: read off the run when parent is stored as one (one step, not one per entry), else
    /// compared entry by entry.
    /// </summary>
    [MethodImpl(HotPath.Options)]
    private int ConsecutiveTables(TablePage parent, int i, ulong limit)
    {
        int cap = (int)System.Math.Min(limit, (ulong)(parent.EntryCount - i));
        int run = parent.RunLengthFrom(i);
        if (cap <= 0 || (run > 0 && !parent.RunRepeats))
        {
            return System.Math.Max(0, System.Math.Min(cap, run));
        }

        ulong d = parent.Get(i);
        int m = 1;
        while (m < cap && parent.Get(i + m) == d + (ulong)m * G.PageSize)
        {
            m++;
        }

        return m;
    }

    /// <summary>Mark tables [k, k+n) of the span cleared (all PTEs none), in place when it is the whole span.</summary>
    public void ClearSpanTables(TableSpan span, ulong k, ulong n)
    {
        if (k == 0 && n == span.Count)
        {
            span.Cleared = true;
            return;
        }

        TableSpan piece = CutSpan(span, k, n);
        piece.Cleared = true;
        InsertSpan(piece);
    }

    /// <summary>A standalone TablePage with table k's entries (not registered).</summary>
    public TablePage SpanTableView(TableSpan span, ulong k)
    {
        ulong tableSpan = TableVaSpan(span);
        int entries = G.EntriesAt(span.Level);
        var t = new TablePage(span.Pa0 + k * G.PageSize, span.Level, entries, span.Va0 + k * tableSpan, G.EntrySpan(span.Level),
            span.Region, span.Device, span.Node, G.PageSize);
        if (!span.Cleared)
        {
            DescKind leaf = span.Level == 3 ? DescKind.Page : DescKind.Block;
            t.FillRun(0, entries, PgtableDesc.Make(leaf, span.LeafPa0 + k * tableSpan));
        }

        return t;
    }

    /// <summary>Turn table k of the span into an ordinary TablePage (it is about to be read entry by entry or changed).</summary>
    private TablePage MaterializeSpanTable(TableSpan span, ulong k)
    {
        TablePage t = SpanTableView(span, k);
        CutSpan(span, k, 1);
        Tables.Add(t.Pa, t);
        return t;
    }

    /// <summary>
    /// Bulk form of "allocate a table and fill it" for n consecutive none entries of parent whose children a
    /// mapping covers completely, every entry a leaf: PTE tables of a page-granular linear map, or PMD tables of
    /// a vmemmap whose PMD blocks all come from one altmap. The same pages, owners and entries as n rounds of
    /// pgtable_alloc (or vmemmap_alloc_block_zero) and the fill. Returns how many of the n it did: fewer when an
    /// armed fault hits the next table allocation (counted per table), none when RAM could run out on the way
    /// (the per-table path then fails where the kernel would).
    /// </summary>
    protected int TryMapFullTables(TablePage parent, int first, int n, ulong phys, int nid, PageTableRegion region, string function)
    {
        if (FreePages < (ulong)n)
        {
            return 0;
        }

        n = Booting ? n : (int)Faults.SucceedingBefore(0, (ulong)n);
        int level = parent.Level + 1;
        ulong tableSpan = G.EntrySpan(parent.Level);
        PagePurpose purpose = region == PageTableRegion.Vmemmap ? PagePurpose.VmemmapTable : PagePurpose.LinearMapTable;
        int done = 0;
        foreach ((ulong pa, ulong count) in AllocTablePagesBulk(nid, (ulong)n, purpose, function))
        {
            var span = new TableSpan
            {
                Pa0 = pa, Count = count, Va0 = ChildVaBase(parent, first + done), LeafPa0 = phys + (ulong)done * tableSpan,
                Device = Actor, Node = NodeOfPfn(PfnOf(pa))!.Id, Level = level, Region = region,
            };
            InsertSpan(span);
            parent.FillRun(first + done, (int)count, PgtableDesc.Make(DescKind.Table, pa));
            done += (int)count;
        }

        return done;
    }
}
