using System.Collections.Generic;
using System.Runtime.CompilerServices;
using VmemmapPS.Core.Arch.Arm64;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Sim;

namespace VmemmapPS.Core.Mm;

/// <summary>
/// The compound-devmap vmemmap of mm/sparse-vmemmap.c (v5.17+): a device-dax pgmap with vmemmap_shift has compound
/// pages whose tail struct pages are identical, so all vmemmap pages of one compound page after the first tail page
/// map that tail page again instead of a fresh page. On arm64 only until the arch gate (see KernelProfile).
/// </summary>
internal abstract partial class GenericMm : KernelPageTables
{
    /// <summary>mhp_params.pgmap (v5.17+) of the memremap_pages in progress: what __populate_section_memmap is handed.</summary>
    private DeviceState? _populatingPgmap;

    /// <summary>pagemap_range hands the pgmap down to section activation (mhp_params.pgmap).</summary>
    private (int Errno, string? Function) WithPopulatingPgmap(DeviceState dev, System.Func<(int, string?)> add)
    {
        _populatingPgmap = dev;
        try
        {
            return add();
        }
        finally
        {
            _populatingPgmap = null;
        }
    }

    /// <summary>
    /// mirrors the test in __populate_section_memmap (v5.17-v6.3: is_power_of_2(sizeof(struct page)) &amp;&amp; pgmap
    /// &amp;&amp; pgmap_vmemmap_nr(pgmap) &gt; 1 &amp;&amp; !altmap; vmemmap_can_optimize after 87a7ae75d738, false on arm64).
    /// A device with an altmap keeps the full memmap on the device: no compound optimisation.
    /// </summary>
    private bool VmemmapCanOptimize(VmemAltmap? altmap, DeviceState? pgmap) =>
        P.CompoundDevmapVmemmapReuse && pgmap is { VmemmapShift: > 0 } && altmap is null && IsPowerOfTwo(G.StructPageSize);

    private static bool IsPowerOfTwo(ulong n) => n != 0 && (n & (n - 1)) == 0;

    /// <summary>
    /// mirrors reuse_compound_section (v5.17+): the chunk starts inside a compound page (relative to the pgmap
    /// range being mapped) and compound pages are larger than a sub-section, so its memmap is all tail pages.
    /// </summary>
    private bool ReuseCompoundSection(ulong startPfn, DeviceState pgmap)
    {
        ulong nrPages = 1UL << pgmap.VmemmapShift;
        ulong offset = startPfn - PfnOf(pgmap.RangeStart);
        return offset % nrPages != 0 && nrPages > G.PagesPerSubsection;
    }

    /// <summary>
    /// mirrors vmemmap_populate_compound_pages (mm/sparse-vmemmap.c, v5.17+): per compound page's memmap
    /// (size = min(end - start, nr * sizeof(struct page))), populate the head and the first tail vmemmap page,
    /// then map the rest of that memmap onto the first tail page. A chunk inside a compound reuses the page the
    /// PTE before start maps (compound_section_tail_page, which assumes sections are populated in order).
    /// </summary>
    [MethodImpl(HotPath.Options)]
    private int VmemmapPopulateCompoundPages(ulong startPfn, ulong start, ulong end, int node, DeviceState pgmap)
    {
        if (ReuseCompoundSection(startPfn, pgmap))
        {
            if (CompoundSectionTailPage(start) is not ulong tail)
            {
                return Errno.ENOMEM;
            }

            WarnHeadsOnReusedPage(startPfn, (end - start) / G.StructPageSize, pgmap, start);
            return VmemmapPopulateReuseRange(start, end, node, tail);
        }

        ulong compoundMemmap = (1UL << pgmap.VmemmapShift) * G.StructPageSize;
        ulong size = end - start < compoundMemmap ? end - start : compoundMemmap;
        for (ulong addr = start; addr < end; addr += size)
        {
            if (VmemmapPopulateAddress(addr, node) is null)
            {
                return Errno.ENOMEM;
            }

            ulong next = addr + G.PageSize;
            if (VmemmapPopulateAddress(next, node) is not ulong tail)
            {
                return Errno.ENOMEM;
            }

            // the loop of vmemmap_populate_range(next, last, ..., pte_page(*pte)): it may stop before it starts
            next += G.PageSize;
            if (next < addr + size && VmemmapPopulateReuseRange(next, addr + size, node, tail) != 0)
            {
                return Errno.ENOMEM;
            }
        }

        return 0;
    }

    /// <summary>
    /// Not in the kernel: the reuse path maps the whole chunk onto the previous tail page, which is right only when
    /// no compound page starts inside the chunk. A range whose sections are not compound-aligned (64K pages: a
    /// namespace off a 512 MiB boundary) gets head struct pages that alias a tail page.
    /// </summary>
    private void WarnHeadsOnReusedPage(ulong startPfn, ulong nrPages, DeviceState pgmap, ulong va)
    {
        ulong nr = 1UL << pgmap.VmemmapShift;
        ulong offset = startPfn - PfnOf(pgmap.RangeStart);
        ulong nextHead = startPfn + (nr - offset % nr);
        if (nextHead < startPfn + nrPages)
        {
            Warnings.Warn("vmemmap_populate_compound_pages", "reuse_compound_section(start_pfn, pgmap)", va, Actor,
                $"simulator: the section chunk at pfn {startPfn:x} is populated as tail pages only, but the compound page at pfn {nextHead:x} starts inside it: its head struct page maps the reused tail page");
        }
    }

    /// <summary>
    /// mirrors compound_section_tail_page: pte_offset_kernel(pmd_off_k(addr - PAGE_SIZE)). The kernel reads that
    /// PTE without checking it; the simulator reports the case where it is not mapped (an out-of-order populate).
    /// </summary>
    private ulong? CompoundSectionTailPage(ulong addr)
    {
        ulong prev = addr - G.PageSize;
        ulong d = PteAt(prev);
        if (PgtableDesc.Kind(d) != DescKind.Page)
        {
            Warnings.Warn("compound_section_tail_page", "pte_none(*pte)", prev, Actor,
                $"simulator: the vmemmap PTE before {addr:x} is not mapped, so the tail page to reuse is garbage in the kernel; failing the populate");
            return null;
        }

        return PgtableDesc.Pa(d);
    }

    /// <summary>The PTE that maps va, or 0 when a table above it is missing or a block covers it.</summary>
    private ulong PteAt(ulong va)
    {
        TablePage t = Pgd;
        while (t.Level < 3)
        {
            ulong d = t.Get(G.IndexOf(va, t.Level));
            if (d == 0 || ChildTable(d) is not TablePage child)
            {
                return 0;
            }

            t = child;
        }

        return t.Get(G.IndexOf(va, 3));
    }

    /// <summary>
    /// mirrors vmemmap_populate_address (v5.17+) without altmap and reuse: the tables down to the PTE, then
    /// vmemmap_pte_populate allocating a page for a none PTE, then vmemmap_verify. Returns the page's PA or null.
    /// </summary>
    private ulong? VmemmapPopulateAddress(ulong addr, int node)
    {
        TablePage? pte = VmemmapPopulateTables(addr, 3, node, out bool blockHit);
        if (pte is null)
        {
            WarnIfBlockHit(blockHit, addr);
            return null;
        }

        int i = G.IndexOf(addr, 3);
        ulong d = pte.Get(i);
        if (d == 0)
        {
            if (VmemmapAllocBlockBuf(G.PageSize, node, null) is not ulong pa)
            {
                return null;
            }

            d = PgtableDesc.Make(DescKind.Page, pa);
            pte.Set(i, d);
        }

        VmemmapVerify(d, node, addr, addr + G.PageSize);
        return PgtableDesc.Pa(d);
    }

    // the kernel would take a PMD block for a PTE table (pte_offset_kernel on a section entry)
    private void WarnIfBlockHit(bool blockHit, ulong addr)
    {
        if (blockHit)
        {
            Warnings.Warn("vmemmap_pmd_populate", "pmd_leaf(*pmd)", addr, Actor,
                $"simulator: {addr:x} is covered by a block mapping; the kernel would walk it as a PTE table. Failing the populate.");
        }
    }

    /// <summary>
    /// mirrors vmemmap_populate_range(start, end, node, NULL, reuse) (v5.17+): every none PTE of [start, end) maps
    /// the reused page, with get_page on it; PTEs already present are left as they are. Runs of none PTEs are
    /// filled at once.
    /// </summary>
    [MethodImpl(HotPath.Options)]
    private int VmemmapPopulateReuseRange(ulong start, ulong end, int node, ulong reusePa)
    {
        ulong desc = PgtableDesc.Make(DescKind.Page, reusePa);
        ulong reusePfn = PfnOf(reusePa);
        for (ulong addr = start; addr < end;)
        {
            TablePage? pte = VmemmapPopulateTables(addr, 3, node, out bool blockHit);
            if (pte is null)
            {
                WarnIfBlockHit(blockHit, addr);
                return Errno.ENOMEM;
            }

            ulong tableEnd = EntryEnd(addr, 2, ulong.MaxValue);
            ulong stop = end < tableEnd ? end : tableEnd;
            int i = G.IndexOf(addr, 3);
            int steps = (int)((stop - addr + G.PageSize - 1) >> G.PageShift);
            while (steps > 0)
            {
                int n;
                if (pte.Get(i) == 0)
                {
                    n = System.Math.Min(steps, pte.NextUsed(i) - i);
                    pte.FillRepeat(i, n, desc);
                    GetPage(reusePfn, (ulong)n);
                    VmemmapVerify(desc, node, addr, addr + ((ulong)n << G.PageShift));
                }
                else
                {
                    n = 1;
                }

                i += n;
                steps -= n;
                addr += (ulong)n << G.PageShift;
            }

            addr = stop > addr ? stop : addr;
        }

        return 0;
    }

    // get_page on a reused vmemmap page, n times (one per PTE that maps it again)
    private void GetPage(ulong pfn, ulong n)
    {
        VmemmapReuseRefs.TryGetValue(pfn, out ulong refs);
        VmemmapReuseRefs[pfn] = refs + n;
    }

    /// <summary>
    /// count put_page_testzero calls on one page (free_pages starts with it): the references get_page took go
    /// first. Returns how many of the calls found none left, i.e. really free the page (more than one is a double free).
    /// </summary>
    protected ulong PutPageTestZero(ulong pfn, ulong count)
    {
        if (!VmemmapReuseRefs.TryGetValue(pfn, out ulong refs))
        {
            return count;
        }

        ulong taken = count < refs ? count : refs;
        if (refs == taken)
        {
            VmemmapReuseRefs.Remove(pfn);
        }
        else
        {
            VmemmapReuseRefs[pfn] = refs - taken;
        }

        return count - taken;
    }
}
