using System.Runtime.CompilerServices;
using VmemmapPS.Core.Mm;
using VmemmapPS.Core.Sim;
using VmemmapPS.Core.Units;

namespace VmemmapPS.Core.Arch.Arm64;

/// <summary>unmap_hotplug_range and its per-level helpers (arch/arm64/mm/mmu.c, v5.9+ with altmap; v5.7/5.8 without).</summary>
internal abstract partial class Arm64Mm : GenericMm
{
    // mirrors unmap_hotplug_range (arch/arm64/mm/mmu.c, v5.9+)
    public void UnmapHotplugRange(ulong addr, ulong end, bool freeMapped, VmemAltmap? altmap)
    {
        if (!freeMapped && altmap is not null)
        {
            Warnings.Warn("unmap_hotplug_range", "!free_mapped && altmap", addr, Actor,
                "WARNING: unmap_hotplug_range called with an altmap for a mapping whose pages are not freed");
        }

        UnmapLevel(Pgd, addr, end, freeMapped, altmap);
    }

    // mirrors unmap_hotplug_p4d_range, unmap_hotplug_pud_range and unmap_hotplug_pmd_range (arch/arm64/mm/mmu.c,
    // v5.7+; the altmap argument v5.9+), one level per call: clear leaves, one TLBI per leaf, free data if free_mapped.
    [MethodImpl(HotPath.Options)]
    private void UnmapLevel(TablePage table, ulong addr, ulong end, bool freeMapped, VmemAltmap? altmap)
    {
        int level = table.Level;
        ulong span = G.EntrySpan(level);
        if (level == 3)
        {
            UnmapPteRange(table, addr, end, freeMapped, altmap);
            return;
        }

        while (addr - 1 < end - 1)
        {
            ulong next = EntryEnd(addr, level, end);
            int i = G.IndexOf(addr, level);
            ulong d = table.Get(i);
            if (d != 0)
            {
                if (PgtableDesc.IsLeaf(d))
                {
                    // a uniform run of blocks: those the loop visits are cleared and freed together
                    int n = System.Math.Max(1, System.Math.Min(table.RunLengthFrom(i), LastIndexIn(table, end) - i + 1));
                    table.ClearRange(i, n); // pXd_clear + flush_tlb_kernel_range(addr, addr + PAGE_SIZE), per entry
                    if (freeMapped)
                    {
                        FreeHotplugPageRange(PgtableDesc.Pa(d), (ulong)n * span, span, altmap, KernelAlign.Down(addr, span));
                    }

                    if (n > 1)
                    {
                        next = EntryEnd(ChildVaBase(table, i + n - 1), level, end);
                    }
                }
                else if (TryClearWholeSpanTables(table, i, addr, end, freeMapped, altmap, out ulong skipTo))
                {
                    if (skipTo == end)
                    {
                        break;
                    }

                    addr = skipTo;
                    continue;
                }
                else if (ChildTable(d) is TablePage child)
                {
                    UnmapLevel(child, addr, next, freeMapped, altmap);
                }
            }

            if (next == end)
            {
                break;
            }

            addr = next;
        }
    }

    /// <summary>Index of the last entry of table that [.., end) reaches (end 0: the top of the address space).</summary>
    private int LastIndexIn(TablePage table, ulong end)
    {
        ulong tableLast = table.VaBase + ((ulong)table.EntryCount * G.EntrySpan(table.Level) - 1);
        return end - 1 >= tableLast ? table.EntryCount - 1 : G.IndexOf(end - 1, table.Level);
    }

    /// <summary>
    /// not in mmu.c: unmap_hotplug_pte_range or unmap_hotplug_pmd_range over whole span tables, in bulk: every
    /// leaf of tables i.. that [addr, end) covers completely is cleared. PTE spans are the linear map's (free_mapped
    /// false); PMD spans are a vmemmap's PMD blocks from an altmap, handed back to it in one free_hotplug_page_range
    /// over the run, as the per-table loop would in one call per table. Returns false when entry i is not such a
    /// table, or the blocks would not go back to their altmap (the per-table path then warns as the kernel does).
    /// </summary>
    private bool TryClearWholeSpanTables(TablePage parent, int i, ulong addr, ulong end, bool freeMapped, VmemAltmap? altmap, out ulong skipTo)
    {
        skipTo = addr;
        if (parent.Level < 1 || WholeSpanEntries(parent, i, addr, end, out TableSpan? ts, out ulong k, out ulong m) is not ulong a)
        {
            return false;
        }

        bool blocksToAltmap = freeMapped && altmap is not null && P.HonoursAltmap;
        if (ts!.Level == 3 ? freeMapped : !blocksToAltmap)
        {
            return false;
        }

        ulong tableSpan = G.EntrySpan(parent.Level);
        if (ts.Level == 2 && !ts.Cleared)
        {
            FreeHotplugPageRange(ts.LeafPa0 + k * tableSpan, m * tableSpan, G.PmdSize, altmap, addr);
        }

        ClearSpanTables(ts, k, m);
        skipTo = a;
        return true;
    }

    /// <summary>
    /// mirrors unmap_hotplug_pte_range: addr steps by PAGE_SIZE from a possibly unaligned start while addr &lt; end,
    /// so the PTEs visited are those of pages holding addr, addr+PAGE_SIZE, ... (not every page touching end-1).
    /// Present PTEs whose pages are consecutive are cleared and freed as one run: the same entries and pages as
    /// one pte_clear + free_hotplug_page_range each.
    /// </summary>
    [MethodImpl(HotPath.Options)]
    private void UnmapPteRange(TablePage table, ulong addr, ulong end, bool freeMapped, VmemAltmap? altmap)
    {
        int first = G.IndexOf(addr, 3);
        int stop = first + (int)((end - addr + G.PageSize - 1) >> G.PageShift);
        for (int i = table.NextUsed(first); i < stop; i = table.NextUsed(i))
        {
            ulong pa = PgtableDesc.Pa(table.Get(i));
            bool repeats = table.RunRepeats;
            int n = System.Math.Min(table.RunLengthFrom(i), stop - i);
            if (n == 0)
            {
                // an expanded table: extend over the entries that follow physically
                n = 1;
                while (i + n < stop && PgtableDesc.IsLeaf(table.Get(i + n)) && PgtableDesc.Pa(table.Get(i + n)) == pa + ((ulong)n << G.PageShift))
                {
                    n++;
                }
            }

            table.ClearRange(i, n); // pte_clear + flush_tlb_kernel_range(addr, addr + PAGE_SIZE), per entry
            if (freeMapped)
            {
                FreeHotplugPtes(pa, n, repeats, altmap, ChildVaBase(table, i)); // compound devmaps: reused pages go by refcount
            }

            i += n;
        }
    }

    /// <summary>
    /// mirrors free_hotplug_page_range (v5.9+): altmap -> vmem_altmap_free (counter only, whatever page it was);
    /// else WARN_ON(PageReserved(page)) and free_pages. A reserved page fails free_pages_prepare (bad_page) and is
    /// not returned to the buddy allocator. Called for `total` bytes made of `unit`-sized leaves.
    /// </summary>
    [MethodImpl(HotPath.Options)]
    public void FreeHotplugPageRange(ulong pa, ulong total, ulong unit, VmemAltmap? altmap, ulong va)
    {
        ulong pages = total >> G.PageShift;
        ulong unitPages = unit >> G.PageShift;
        if (altmap is not null && P.HonoursAltmap)
        {
            altmap.FreeBlock(pages);
            Log.Add(AllocationAction.Free, AllocationSource.Altmap, PagePurpose.VmemmapData, "vmem_altmap_free", pa, pages,
                OrderOf(unitPages), Actor, EarlyPfnToNid(PfnOf(pa)), count: (long)(pages / unitPages));
            return;
        }

        ulong pfn = PfnOf(pa);
        ulong endPfn = pfn + pages;
        while (pfn < endPfn)
        {
            if (!IsRam(pfn) && SystemRamOfPfn(pfn) is SystemRamState ram)
            {
                Warnings.Warn("free_hotplug_page_range", "!altmap", PaOf(pfn), Actor,
                    $"free_pages on {endPfn - pfn} memmap page(s) at {PaOf(pfn):x} (mapped at {va:x}) that memmap_on_memory carved from {ram.Name} itself, without their altmap: the kernel hands these unowned pages to the buddy allocator, and they are unmapped right after (memory corruption); the simulator leaves them out",
                    LeavesIn(endPfn - pfn, unitPages));
                return;
            }

            if (!IsRam(pfn))
            {
                ulong devEnd = endPfn;
                Warnings.Warn("free_hotplug_page_range", "PageReserved(page)", PaOf(pfn), Actor,
                    $"WARNING: freeing ZONE_DEVICE pfns {pfn:x}-{devEnd - 1:x} (mapped at {va:x}) without their altmap; they are reserved device pages and never reach the buddy allocator",
                    LeavesIn(endPfn - pfn, unitPages));
                return;
            }

            if (!Owners.TryGet(pfn, out OwnedRun run))
            {
                Warnings.Warn("free_pages", "page already free", PaOf(pfn), Actor,
                    $"BUG: Bad page state: pfn {pfn:x} freed twice (mapped at {va:x}); the simulator leaves it free");
                pfn++;
                continue;
            }

            ulong chunk = System.Math.Min(endPfn, run.EndPfn) - pfn;
            if (run.Owner.Reserved)
            {
                Warnings.Warn("free_hotplug_page_range", "PageReserved(page)", PaOf(pfn), Actor,
                    $"WARNING: freeing {chunk} memblock-reserved page(s) at {PaOf(pfn):x}; free_pages_prepare reports a bad page and keeps them",
                    LeavesIn(chunk, unitPages));
            }
            else
            {
                ReleasePages(PaOf(pfn), chunk, System.Math.Min(chunk, unitPages), "free_hotplug_page_range");
            }

            pfn += chunk;
        }
    }

    /// <summary>How many leaves of unitPages a run of pages is: one call each, so one warning each.</summary>
    private static long LeavesIn(ulong pages, ulong unitPages) => (long)System.Math.Max(1, pages / unitPages);
}
