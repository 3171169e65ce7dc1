using System.Runtime.CompilerServices;
using VmemmapPS.Core.Arch.Arm64;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Sim;

namespace VmemmapPS.Core.Mm;

/// <summary>SPARSEMEM section bookkeeping (mm/sparse.c, SPARSEMEM_VMEMMAP, v5.3+ sub-section hotplug).</summary>
internal abstract partial class GenericMm : KernelPageTables
{
    protected GenericMm(Arm64Geometry geometry, bool rodataFull)
        : base(geometry, rodataFull)
    {
    }

    public ulong PfnToSectionNr(ulong pfn) => pfn >> (G.SectionSizeBits - G.PageShift);

    public ulong SectionNrToPfn(ulong nr) => nr << (G.SectionSizeBits - G.PageShift);

    /// <summary>Whether any section in [physStart, physStart + size) has a memmap to tear down.</summary>
    public bool HasMemmapIn(ulong physStart, ulong size) =>
        Sections.AnyPresent(PfnToSectionNr(PfnOf(physStart)), PfnToSectionNr(PfnOf(physStart + size - 1)));

    private int SubsectionIndex(ulong pfn) => (int)((pfn & (G.PagesPerSection - 1)) / G.PagesPerSubsection);

    [MethodImpl(Sim.HotPath.Options)]
    public MemSection GetOrCreateSection(ulong nr) => Sections.GetOrCreate(nr);

    protected (int First, int Last) SubsectionBits(ulong pfn, ulong nrPages) =>
        (SubsectionIndex(pfn), SubsectionIndex(pfn + nrPages - 1));

    // mirrors fill_subsection_map (mm/sparse.c): -EINVAL for an empty request, -EEXIST if any bit is set.
    [MethodImpl(Sim.HotPath.Options)]
    private int FillSubsectionMap(MemSection ms, ulong pfn, ulong nrPages)
    {
        if (nrPages == 0)
        {
            return Errno.EINVAL;
        }

        (int first, int last) = SubsectionBits(pfn, nrPages);
        if (ms.AnySet(first, last))
        {
            return Errno.EEXIST;
        }

        ms.SetRange(first, last);
        return 0;
    }

    // mirrors clear_subsection_map (mm/sparse.c): WARN "section already deactivated" unless every bit was set.
    [MethodImpl(Sim.HotPath.Options)]
    private int ClearSubsectionMap(MemSection ms, ulong pfn, ulong nrPages)
    {
        (int first, int last) = SubsectionBits(pfn, nrPages);
        if (!ms.AllSet(first, last))
        {
            Warnings.Warn("clear_subsection_map", "!subsection_map || !bitmap_equal(tmp, map, SUBSECTIONS_PER_SECTION)",
                PaOf(pfn), Actor, $"section already deactivated ({PaOf(pfn):x} + {nrPages})");
            return Errno.EINVAL;
        }

        ms.ClearRange(first, last);
        return 0;
    }

    /// <summary>
    /// mirrors section_activate (mm/sparse.c, v5.3+): usage, subsection bitmap, the early-section shortcut, then
    /// populate_section_memmap; a populate failure deactivates exactly this chunk and returns -ENOMEM.
    /// </summary>
    [MethodImpl(HotPath.Options)]
    private int SectionActivate(int nid, ulong pfn, ulong nrPages, VmemAltmap? altmap)
    {
        MemSection ms = GetOrCreateSection(PfnToSectionNr(pfn));
        bool freshUsage = false;
        if (!ms.Usage)
        {
            ms.Usage = true; // kzalloc(mem_section_usage_size()), slab: not modelled as pages
            freshUsage = true;
        }

        int rc = FillSubsectionMap(ms, pfn, nrPages);
        if (rc != 0)
        {
            if (freshUsage)
            {
                ms.Usage = false;
            }

            return rc;
        }

        if (nrPages < G.PagesPerSection && ms.Early)
        {
            return 0; // early section: its whole memmap was populated at boot
        }

        if (PopulateSectionMemmap(pfn, nrPages, nid, altmap) != 0)
        {
            SectionDeactivate(pfn, nrPages, altmap);
            return Errno.ENOMEM;
        }

        return 0;
    }

    // mirrors __populate_section_memmap (mm/sparse-vmemmap.c): [pfn_to_page(pfn), + nr_pages * sizeof(struct page)).
    [MethodImpl(Sim.HotPath.Options)]
    private int PopulateSectionMemmap(ulong pfn, ulong nrPages, int nid, VmemAltmap? altmap)
    {
        if (pfn % G.PagesPerSubsection != 0 || nrPages % G.PagesPerSubsection != 0)
        {
            Warnings.WarnOnce("__populate_section_memmap", "!IS_ALIGNED(pfn, PAGES_PER_SUBSECTION)", PaOf(pfn), Actor,
                "WARNING: populate_section_memmap on a range that is not sub-section aligned");
            return Errno.ENOMEM;
        }

        ulong start = PfnToPage(pfn);
        ulong end = start + nrPages * G.StructPageSize;
        if (VmemmapCanOptimize(altmap, _populatingPgmap))
        {
            return VmemmapPopulateCompoundPages(pfn, start, end, nid, _populatingPgmap!);
        }

        return VmemmapPopulate(start, end, nid, altmap);
    }

    /// <summary>
    /// mirrors section_deactivate (mm/sparse.c, v5.3+): clear the bits; non-early sections depopulate exactly this
    /// chunk's memmap (vmemmap_free with the altmap); an emptied early section frees its whole boot memmap via
    /// free_map_bootmem (NULL altmap).
    /// </summary>
    [MethodImpl(HotPath.Options)]
    private void SectionDeactivate(ulong pfn, ulong nrPages, VmemAltmap? altmap)
    {
        MemSection ms = GetOrCreateSection(PfnToSectionNr(pfn));
        if (ClearSubsectionMap(ms, pfn, nrPages) != 0)
        {
            return;
        }

        bool empty = ms.MapEmpty;
        if (empty)
        {
            ms.HasMemMap = false;
            if (!ms.Early)
            {
                ms.Usage = false;
            }
        }

        if (!ms.Early)
        {
            ulong start = PfnToPage(pfn);
            VmemmapFree(start, start + nrPages * G.StructPageSize, altmap); // mirrors depopulate_section_memmap
        }
        else if (empty)
        {
            ulong start = PfnToPage(SectionNrToPfn(ms.Nr));
            VmemmapFree(start, start + G.SectionMemmapSize, null); // free_map_bootmem
        }

        if (empty)
        {
            ms.Owner = null;
        }
    }

    // mirrors sparse_add_section (mm/sparse.c): section_activate, then mark present with a mem_map.
    [MethodImpl(Sim.HotPath.Options)]
    private int SparseAddSection(int nid, ulong pfn, ulong nrPages, VmemAltmap? altmap)
    {
        int rc = SectionActivate(nid, pfn, nrPages, altmap);
        if (rc != 0)
        {
            return rc;
        }

        MemSection ms = GetOrCreateSection(PfnToSectionNr(pfn));
        ms.Nid = nid;
        ms.HasMemMap = true;
        if (!ms.Early)
        {
            ms.Owner = Actor;
        }

        return 0;
    }

    // mirrors sparse_remove_section via __remove_section (mm/memory_hotplug.c): WARN_ON_ONCE(!valid_section(ms)).
    [MethodImpl(Sim.HotPath.Options)]
    private void SparseRemoveSection(ulong pfn, ulong nrPages, VmemAltmap? altmap)
    {
        if (!Sections.TryGetValue(PfnToSectionNr(pfn), out MemSection? ms) || !ms.HasMemMap)
        {
            Warnings.WarnOnce("__remove_section", "!valid_section(ms)", PaOf(pfn), Actor,
                "WARNING: removing a section that is not valid");
            return;
        }

        SectionDeactivate(pfn, nrPages, altmap);
    }
}
