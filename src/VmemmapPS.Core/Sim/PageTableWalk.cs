using System.Runtime.CompilerServices;
using VmemmapPS.Core.Arch.Arm64;
using VmemmapPS.Core.Mm;
using VmemmapPS.Core.Units;

namespace VmemmapPS.Core.Sim;

/// <summary>Walking swapper_pg_dir (pgd_offset_k / pXd_offset / pXd_addr_end).</summary>
internal abstract partial class KernelPageTables : PageAllocator
{
    protected KernelPageTables(Arm64Geometry geometry, bool rodataFull)
        : base(geometry, rodataFull)
    {
    }

    /// <summary>The table a table descriptor points at; a table inside a TableSpan is split off first.</summary>
    public TablePage? ChildTable(ulong desc) => Child(desc, split: true);

    /// <summary>Read-only look at a child: a registered table, or a view of a span table (nothing is split).</summary>
    public TablePage? PeekChild(ulong desc) => Child(desc, split: false);

    [MethodImpl(Sim.HotPath.Options)]
    private TablePage? Child(ulong desc, bool split)
    {
        if (PgtableDesc.Kind(desc) != DescKind.Table)
        {
            return null;
        }

        ulong pa = PgtableDesc.Pa(desc);
        if (Tables.TryGetValue(pa, out TablePage? t))
        {
            return t;
        }

        if (FindSpan(pa, out ulong k) is not TableSpan span)
        {
            return null;
        }

        return split ? MaterializeSpanTable(span, k) : SpanTableView(span, k);
    }

    /// <summary>
    /// pgd_addr_end / p4d_addr_end / pud_addr_end / pmd_addr_end: end of the entry containing addr at this level,
    /// clamped to end (wrap-safe).
    /// </summary>
    public ulong EntryEnd(ulong addr, int level, ulong end)
    {
        ulong span = G.EntrySpan(level);
        ulong boundary = KernelAlign.Down(addr, span) + span;
        return boundary - 1 < end - 1 ? boundary : end;
    }

    public ulong ChildVaBase(TablePage parent, int index) => parent.VaBase + (ulong)index * G.EntrySpan(parent.Level);

    /// <summary>Walk to the leaf for va: the table holding it, its index and descriptor; desc 0 when unmapped.</summary>
    public (TablePage? Table, int Index, ulong Desc) WalkLeaf(ulong va)
    {
        if (va < G.TopTableBase)
        {
            return (null, 0, 0);
        }

        TablePage t = Pgd;
        while (true)
        {
            int i = G.IndexOf(va, t.Level);
            ulong d = t.Get(i);
            if (PgtableDesc.Kind(d) != DescKind.Table)
            {
                return (t, i, d);
            }

            TablePage? child = PeekChild(d);
            if (child is null)
            {
                return (t, i, 0);
            }

            t = child;
        }
    }

    /// <summary>VA to PA through the kernel page tables, or null.</summary>
    public ulong? Translate(ulong va)
    {
        (TablePage? t, _, ulong d) = WalkLeaf(va);
        if (t is null || !PgtableDesc.IsLeaf(d))
        {
            return null;
        }

        return PgtableDesc.Pa(d) + (va & (G.EntrySpan(t.Level) - 1));
    }

    /// <summary>
    /// Allocate and install a zeroed table page under parent[index] (vmemmap_alloc_block_zero / pgtable_alloc).
    /// Boot tables come from memblock; later ones from the buddy allocator on nid (falling back across nodes).
    /// </summary>
    [MethodImpl(Sim.HotPath.Options)]
    public TablePage? AllocTable(TablePage parent, int index, PageTableRegion region, int nid, string function)
    {
        PagePurpose purpose = region == PageTableRegion.Vmemmap ? PagePurpose.VmemmapTable : PagePurpose.LinearMapTable;
        bool ok = Booting
            ? TryMemblockAlloc(nid, G.PageSize, G.PageSize, purpose, function, out ulong pa)
            : TryAllocPages(nid, 0, purpose, function, out pa);
        if (!ok)
        {
            // The linear map's allocators (__pgd_pgtable_alloc, early_pgtable_alloc) BUG() on failure; vmemmap's return -ENOMEM.
            NoteAllocFailure(function, Errors.FailureKind.PageTableAllocationFailed, bug: region == PageTableRegion.Linear);
            return null;
        }

        int level = parent.Level + 1;
        var table = new TablePage(pa, level, G.EntriesAt(level), ChildVaBase(parent, index), G.EntrySpan(level), region, Actor,
            NodeOfPfn(PfnOf(pa))!.Id, G.PageSize);
        Tables.Add(pa, table);
        parent.Set(index, PgtableDesc.Make(DescKind.Table, pa));
        return table;
    }
}
