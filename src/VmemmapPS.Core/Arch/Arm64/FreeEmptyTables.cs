using VmemmapPS.Core.Arch.Arm64;

namespace VmemmapPS.Core.Sim;

/// <summary>free_empty_tables and free_empty_{pte,pmd,pud,p4d}_table (arch/arm64/mm/mmu.c, v5.7+; p4d level v6.9+).</summary>
internal sealed partial class Kernel
{
    // mirrors free_empty_tables (arch/arm64/mm/mmu.c): the pgd loop.
    public void FreeEmptyTables(ulong addr, ulong end, ulong floor, ulong ceiling)
    {
        TablePage top = Pgd;
        while (true)
        {
            ulong next = EntryEnd(addr, top.Level, end);
            int i = G.IndexOf(addr, top.Level);
            ulong d = top.Get(i);
            if (d != 0 && PgtableDesc.Kind(d) == DescKind.Table)
            {
                FreeEmptyChildTable(top, i, addr, next, floor, ceiling);
            }

            if (next == end)
            {
                break;
            }

            addr = next;
        }
    }

    private static string FreeEmptyFunction(int level) => level switch
    {
        3 => "free_empty_pte_table",
        2 => "free_empty_pmd_table",
        1 => "free_empty_pud_table",
        _ => "free_empty_p4d_table",
    };

    /// <summary>
    /// mirrors free_empty_{pte,pmd,pud,p4d}_table(parent entry, addr, end, floor, ceiling): recurse into the child's
    /// entries, then free the child page when pgtable_range_aligned passes with the parent's mask and every entry
    /// of the child is none.
    /// </summary>
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
            ulong a = addr;
            while (true)
            {
                ulong next = EntryEnd(a, child.Level, end);
                int i = G.IndexOf(a, child.Level);
                ulong d = child.Get(i);
                if (d != 0)
                {
                    if (PgtableDesc.Kind(d) != DescKind.Table)
                    {
                        Warnings.Warn(function, $"!{LevelNameLower(child.Level)}_present || !{LevelNameLower(child.Level)}_table || {LevelNameLower(child.Level)}_sect",
                            a, Actor, $"WARNING: block entry at {a:x} found while freeing empty tables");
                    }
                    else
                    {
                        FreeEmptyChildTable(child, i, a, next, floor, ceiling);
                    }
                }

                if (next == end)
                {
                    break;
                }

                a = next;
            }
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
