using System.Runtime.CompilerServices;
using VmemmapPS.Core.Mm;
using VmemmapPS.Core.Sim;

namespace VmemmapPS.Core.Arch.Arm64;

/// <summary>Linear map creation: __create_pgd_mapping / alloc_init_pud / alloc_init_cont_pmd / init_pte (arch/arm64/mm/mmu.c).</summary>
internal abstract partial class Arm64Mm : GenericMm
{
    /// <summary>
    /// mirrors __create_pgd_mapping(swapper_pg_dir, phys, virt, size, PAGE_KERNEL, pgtable_alloc, flags), v5.8+.
    /// noBlock = NO_BLOCK_MAPPINGS (rodata_full / can_set_direct_map); CONT bits do not change table counts and are
    /// not modelled. Returns false when a table allocation fails (the kernel BUG()s there).
    /// </summary>
    public bool CreatePgdMapping(ulong phys, ulong virt, ulong size, bool noBlock, int nid)
    {
        string function = Booting ? "early_pgtable_alloc" : "__pgd_pgtable_alloc";
        return MapLevel(Pgd, virt, virt + size, phys, noBlock, nid, function);
    }

    // mirrors alloc_init_pud, alloc_init_cont_pmd / init_pmd and alloc_init_cont_pte / init_pte (arch/arm64/mm/mmu.c,
    // v5.8+), one level per call.
    [MethodImpl(HotPath.Options)]
    private bool MapLevel(TablePage table, ulong addr, ulong end, ulong phys, bool noBlock, int nid, string function)
    {
        int level = table.Level;
        if (level == 3)
        {
            // init_pte: a page-granular range fills its PTE table in one run (table-at-a-time).
            int first = G.IndexOf(addr, 3);
            int count = (int)((end - addr) >> G.PageShift);
            table.FillRun(first, count, PgtableDesc.Make(DescKind.Page, phys));
            return true;
        }

        ulong span = G.EntrySpan(level);
        bool blocksHere = !noBlock && (level == 2 || (level == 1 && G.PudSectSupported));
        while (addr != end)
        {
            ulong next = EntryEnd(addr, level, end);
            int i = G.IndexOf(addr, level);
            ulong d = table.Get(i);
            bool whole = ((addr | next) & (span - 1)) == 0;
            if (blocksHere && d == 0 && whole && (phys & (span - 1)) == 0)
            {
                // pud_set_huge / pmd_set_huge, entry by entry in the kernel: the following none, whole entries
                // get theirs in the same store (one run of blocks, the entries a walker sees unchanged)
                int n = BlockRunLength(table, i, addr, end, span);
                table.FillRun(i, n, PgtableDesc.Make(DescKind.Block, phys));
                phys += (ulong)n * span;
                addr += (ulong)n * span;
                continue;
            }
            else if (level == 2 && d == 0 && whole && TryMapWholePteTables(table, i, ref addr, end, ref phys, nid, function))
            {
                continue;
            }
            else
            {
                TablePage? child = ChildTable(d) ?? AllocTable(table, i, PageTableRegion.Linear, nid, function);
                if (child is null || !MapLevel(child, addr, next, phys, noBlock, nid, function))
                {
                    return false;
                }
            }

            phys += next - addr;
            addr = next;
        }

        return true;
    }

    /// <summary>How many entries from i (itself one) are none and wholly inside [addr, end): each gets a block.</summary>
    private static int BlockRunLength(TablePage table, int i, ulong addr, ulong end, ulong span)
    {
        ulong whole = (end - addr) / span; // end 0 is the top of the address space: the subtraction wraps to it
        int none = table.NextUsed(i + 1) - i;
        return (int)System.Math.Max(1, System.Math.Min((ulong)none, whole));
    }

    /// <summary>not in mmu.c: page-granular mapping of consecutive whole PMD entries, their PTE tables allocated and filled in bulk.</summary>
    private bool TryMapWholePteTables(TablePage pmd, int i, ref ulong addr, ulong end, ref ulong phys, int nid, string function)
    {
        ulong span = G.EntrySpan(2);
        int n = 0;
        ulong a = addr;
        while (i + n < pmd.EntryCount && end - a >= span && (end == 0 || a + span <= end) && pmd.Get(i + n) == 0)
        {
            n++;
            a += span;
        }

        if (n < 2 || (n = TryMapFullTables(pmd, i, n, phys, nid, PageTableRegion.Linear, function)) == 0)
        {
            return false;
        }

        addr += (ulong)n * span;
        phys += (ulong)n * span;
        return true;
    }
}
