using System.Runtime.CompilerServices;
using VmemmapPS.Core.Mm;
using VmemmapPS.Core.Sim;

namespace VmemmapPS.Core.Arch.Arm64;

/// <summary>free_empty_tables and free_empty_{pte,pmd,pud,p4d}_table (arch/arm64/mm/mmu.c, v5.7+; p4d level v6.9+).</summary>
internal abstract partial class Arm64Mm : GenericMm
{
    // mirrors free_empty_tables (arch/arm64/mm/mmu.c): the pgd loop.
    public void FreeEmptyTables(ulong addr, ulong end, ulong floor, ulong ceiling) =>
        FreeEmptyEntries(Pgd, addr, end, floor, ceiling);

    /// <summary>The per-level loop of free_empty_*: recurse into every table entry of [addr, end).</summary>
    [MethodImpl(HotPath.Options)]
    private void FreeEmptyEntries(TablePage table, ulong addr, ulong end, ulong floor, ulong ceiling)
    {
        while (true)
        {
            ulong next = EntryEnd(addr, table.Level, end);
            int i = G.IndexOf(addr, table.Level);
            ulong d = table.Get(i);
            if (d == 0)
            {
                // the loop's "if (pXd_none(pXd)) continue" for every none entry up to the next used one at once
                int used = table.NextUsed(i + 1);
                ulong jump = table.VaBase + (ulong)used * G.EntrySpan(table.Level);
                if (used >= table.EntryCount || jump - 1 >= end - 1)
                {
                    break;
                }

                addr = jump;
                continue;
            }

            if (PgtableDesc.Kind(d) != DescKind.Table)
            {
                string lv = LevelNameLower(table.Level);
                Warnings.Warn(FreeEmptyFunction(table.Level), $"!{lv}_present || !{lv}_table || {lv}_sect", addr, Actor,
                    $"WARNING: block entry at {addr:x} found while freeing empty tables");
            }
            else if (table.Level >= 1 && FreeClearedSpanTables(table, i, addr, end, floor, ceiling, out ulong skipTo))
            {
                if (skipTo == end)
                {
                    break;
                }

                addr = skipTo;
                continue;
            }
            else
            {
                FreeEmptyChildTable(table, i, addr, next, floor, ceiling);
            }

            if (next == end)
            {
                break;
            }

            addr = next;
        }
    }

    /// <summary>
    /// not in mmu.c: free_empty_pte_table (or free_empty_pmd_table) for consecutive cleared span tables in bulk: each is
    /// empty, so each is freed when pgtable_range_aligned with the parent's mask (PMD_MASK, PUD_MASK) holds for it
    /// (checked on the first and last: the rule is monotonic).
    /// </summary>
    [MethodImpl(HotPath.Options)]
    private bool FreeClearedSpanTables(TablePage pmd, int i, ulong addr, ulong end, ulong floor, ulong ceiling, out ulong skipTo)
    {
        skipTo = addr;
        ulong span = G.EntrySpan(pmd.Level);
        if (WholeSpanEntries(pmd, i, addr, end, out TableSpan? ts, out ulong k, out ulong m) is not ulong a || !ts!.Cleared)
        {
            return false;
        }

        ulong pa = ts.Pa0 + k * G.PageSize;

        ulong mask = ~(span - 1);
        if (m == 0 || !PgtableRangeAligned(addr, addr + span, floor, ceiling, mask) ||
            !PgtableRangeAligned(a - span, a, floor, ceiling, mask))
        {
            return false;
        }

        CutSpan(ts, k, m);
        pmd.ClearRange(i, (int)m); // pmd_clear + __flush_tlb_kernel_pgtable, per table

        ReleasePages(pa, m, 1, "free_hotplug_pgtable_page");
        skipTo = a;
        return true;
    }

    private static string FreeEmptyFunction(int level) => level switch
    {
        3 => "free_empty_pte_table",
        2 => "free_empty_pmd_table",
        1 => "free_empty_pud_table",
        _ => "free_empty_p4d_table",
    };

    /// <summary>
    /// mirrors free_empty_pte_table, free_empty_pmd_table, free_empty_pud_table and free_empty_p4d_table (arch/arm64/mm/mmu.c,
    /// v5.7+; p4d v6.9+), (parent entry, addr, end, floor, ceiling): recurse into the child's
    /// entries, then free the child page when pgtable_range_aligned passes with the parent's mask and every entry
    /// of the child is none.
    /// </summary>
    [MethodImpl(HotPath.Options)]
    private void FreeEmptyChildTable(TablePage parent, int index, ulong addr, ulong end, ulong floor, ulong ceiling)
    {
        TablePage? child = ChildTable(parent.Get(index));
        if (child is null)
        {
            return;
        }

        string function = FreeEmptyFunction(child.Level);
        if (child.Level == 3)
        {
            int first = G.IndexOf(addr, 3);
            int count = (int)((end - addr + G.PageSize - 1) >> G.PageShift);
            for (int i = child.NextUsed(first); i < first + count; i = child.NextUsed(i + 1))
            {
                // sanity check: unmap_hotplug_range must already have cleared these
                Warnings.Warn(function, "!pte_none(pte)", ChildVaBase(child, i), Actor,
                    $"WARNING: PTE at {ChildVaBase(child, i):x} still mapped when its table is considered for freeing");
            }
        }
        else
        {
            FreeEmptyEntries(child, addr, end, floor, ceiling);
        }

        ulong mask = ~(G.EntrySpan(parent.Level) - 1);
        if (!PgtableRangeAligned(addr, end, floor, ceiling, mask) || !child.Empty)
        {
            return;
        }

        parent.Set(index, 0); // pXd_clear + __flush_tlb_kernel_pgtable(start)
        FreeTablePage(child);
    }

    private static string LevelNameLower(int level) => PageTableLevelNames.Of(level).ToLowerInvariant();

    // mirrors free_hotplug_pgtable_page -> free_hotplug_page_range(page, PAGE_SIZE, NULL)
    private void FreeTablePage(TablePage table)
    {
        Tables.Remove(table.Pa);
        FreeHotplugPageRangeOfTable(table.Pa);
    }

    private void FreeHotplugPageRangeOfTable(ulong pa)
    {
        if (Owners.TryGet(PfnOf(pa), out Mm.OwnedRun run) && run.Owner.Reserved)
        {
            Warnings.Warn("free_hotplug_page_range", "PageReserved(page)", pa, Actor,
                $"WARNING: freeing memblock-reserved table page {pa:x}; free_pages_prepare reports a bad page and keeps it");
            return;
        }

        ReleasePages(pa, 1, "free_hotplug_pgtable_page");
    }

    /// <summary>mirrors pgtable_range_aligned (arch/arm64/mm/mmu.c), the free_pgd_range floor/ceiling rule.</summary>
    public static bool PgtableRangeAligned(ulong start, ulong end, ulong floor, ulong ceiling, ulong mask)
    {
        start &= mask;
        if (start < floor)
        {
            return false;
        }

        if (ceiling != 0)
        {
            ceiling &= mask;
            if (ceiling == 0)
            {
                return false;
            }
        }

        return !(end - 1 > ceiling - 1);
    }
}
