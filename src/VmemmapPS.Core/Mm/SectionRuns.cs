using System.Runtime.CompilerServices;
using VmemmapPS.Core.Sim;
using VmemmapPS.Core.Units;

namespace VmemmapPS.Core.Mm;

/// <summary>
/// The __add_pages / __remove_pages loops over a run of whole sections at once, where doing so cannot differ from
/// doing them one by one: every section fresh (or every one a full member of one run), memmap inside the
/// VMEMMAP window, struct pages from an altmap with room for all of them, table pages to spare and no fault among
/// their allocations.
/// Then each section's sparse_add_section / sparse_remove_section would succeed the same way, and their
/// vmemmap_populate / vmemmap_free calls are back to back over contiguous memmap, so one pass over the union
/// touches the same entries, pages and counters in the same order. Anything else goes section by section.
/// </summary>
internal abstract partial class GenericMm : KernelPageTables
{
    /// <summary>How many whole sections from pfn were added as a run (0: take the per-section path).</summary>
    [MethodImpl(HotPath.Options)]
    private ulong TryAddSectionRun(int nid, ulong pfn, ulong endPfn, VmemAltmap? altmap)
    {
        ulong count = (endPfn - pfn) / G.PagesPerSection;
        ulong nr = PfnToSectionNr(pfn);
        ulong start = PfnToPage(pfn), end = PfnToPage(pfn + count * G.PagesPerSection);
        ulong tables = TablePagesBound(end - start);
        if (count < 2 || altmap is null || !P.HonoursAltmap || Faults.FiresWithin(0, tables) || !InVmemmapWindow(start, end) ||
            altmap.NrFree < AltmapPfnsNeeded(altmap, end - start) || FreePages < tables || !Sections.IsUnused(nr, count))
        {
            return 0;
        }

        // section_activate + populate_section_memmap for each: usage, every sub-section bit, then the memmap
        if (VmemmapPopulateRange(start, end, G.SectionMemmapSize, nid, altmap) != 0)
        {
            throw new System.InvalidOperationException("simulator: a section run failed to populate although it had room");
        }

        Sections.AddRun(nr, count, nid, Actor); // sparse_add_section: present, mem_map, owner
        return count;
    }

    /// <summary>How many whole sections from pfn were removed as a run (0: take the per-section path).</summary>
    [MethodImpl(HotPath.Options)]
    private ulong TryRemoveSectionRun(ulong pfn, ulong endPfn, VmemAltmap? altmap)
    {
        ulong count = (endPfn - pfn) / G.PagesPerSection;
        ulong nr = PfnToSectionNr(pfn);
        ulong start = PfnToPage(pfn), end = PfnToPage(pfn + count * G.PagesPerSection);
        if (count < 2 || !InVmemmapWindow(start, end) || !Sections.IsRun(nr, count))
        {
            return 0;
        }

        // section_deactivate for each: every bit was set, so the map empties, usage goes, then depopulate
        Sections.RemoveRun(nr, count);

        // vmemmap_free per section frees a table as soon as its last entry goes: cutting the union at the span
        // of the tables holding the leaves keeps those frees where the per-section calls have them
        ulong chunk = G.EntrySpan(Uses4kSectionMaps ? 1 : 2);
        for (ulong a = start; a < end;)
        {
            ulong room = chunk - (a & (chunk - 1)); // to the next table boundary, which may be the top of the space
            ulong next = end - a <= room ? end : a + room;
            next = System.Math.Max(next, AfterWholeSpanTables(a, end));
            VmemmapFree(a, next, altmap);
            a = next;
        }

        return count;
    }

    /// <summary>
    /// Where the run of whole PMD tables stored as one TableSpan that starts at addr ends (addr when there is
    /// none): their per-table vmemmap_free calls would each clear one table's blocks and free that table, so one
    /// call over all of them frees the same blocks and tables (their log records folded per run, not per table).
    /// </summary>
    private ulong AfterWholeSpanTables(ulong addr, ulong end)
    {
        if (!Uses4kSectionMaps || ExistingTable(addr, 1) is not TablePage pud)
        {
            return addr;
        }

        int i = G.IndexOf(addr, 1);
        return pud.Get(i) != 0 && WholeSpanEntries(pud, i, addr, end, out _, out _, out _) is ulong after ? after : addr;
    }

    /// <summary>
    /// altmap pfns populating `bytes` of memmap takes at most: the pages themselves, plus on 4K (PMD blocks) the
    /// padding that aligns the first block; later blocks follow aligned, base pages need none.
    /// </summary>
    private ulong AltmapPfnsNeeded(VmemAltmap altmap, ulong bytes)
    {
        ulong block = G.PmdSize >> G.PageShift;
        ulong pad = Uses4kSectionMaps ? KernelAlign.Up(altmap.NextPfn, block) - altmap.NextPfn : 0;
        return (bytes >> G.PageShift) + pad;
    }

    private bool InVmemmapWindow(ulong start, ulong end) => start >= G.VmemmapStart && end <= G.VmemmapEnd && start < end;

    /// <summary>
    /// At most how many table pages populating `bytes` of vmemmap from an altmap can allocate: every level down to
    /// the one holding the leaves (PMD blocks on 4K, PTEs otherwise), both edges.
    /// </summary>
    private ulong TablePagesBound(ulong bytes)
    {
        ulong pages = 8; // folded or extra top levels
        for (int level = 0; level <= (Uses4kSectionMaps ? 1 : 2); level++)
        {
            pages += bytes / G.EntrySpan(level) + 2;
        }

        return pages;
    }
}
