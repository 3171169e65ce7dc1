using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Mm;
using VmemmapPS.Core.Sim;

namespace VmemmapPS.Core.Arch.Arm64;

/// <summary>arch_add_memory / arch_remove_memory / __remove_pgd_mapping (arch/arm64/mm/mmu.c).</summary>
internal abstract partial class Arm64Mm : GenericMm
{
    protected Arm64Mm(Arm64Geometry geometry, bool rodataFull)
        : base(geometry, rodataFull)
    {
    }

    /// <summary>Node whose CPU runs the hotplug: __get_free_page for linear-map tables uses the local node.</summary>
    private int LocalNode => Nodes.Find(n => n.TotalPages > 0)?.Id ?? Nodes[0].Id;

    /// <summary>
    /// mirrors arch_add_memory (v5.8+): linear map first (page granular when force_pte_mapping), then __add_pages; on
    /// failure only the linear map is removed - sections added by earlier chunks stay.
    /// Returns (errno, function that failed).
    /// </summary>
    public override (int Errno, string? Function) ArchAddMemory(int nid, ulong start, ulong size, VmemAltmap? altmap)
    {
        if (!CreatePgdMapping(start, PhysToVirt(start), size, ForcePteMapping, LocalNode))
        {
            return (Errno.ENOMEM, "__pgd_pgtable_alloc");
        }

        int rc = AddPages(nid, PfnOf(start), size >> G.PageShift, altmap);
        if (rc != 0)
        {
            RemovePgdMapping(PhysToVirt(start), size);
            return (rc, "__add_pages");
        }

        return (0, null);
    }

    /// <summary>mirrors arch_remove_memory: __remove_pages (vmemmap) before __remove_pgd_mapping (linear map).</summary>
    public override void ArchRemoveMemory(ulong start, ulong size, VmemAltmap? altmap)
    {
        RemovePages(PfnOf(start), size >> G.PageShift, altmap);
        RemovePgdMapping(PhysToVirt(start), size);
    }

    /// <summary>
    /// mirrors __remove_pgd_mapping (v5.7+): unmap_hotplug_range(start, end, false, NULL), then
    /// free_empty_tables(start, end, PAGE_OFFSET, PAGE_END).
    /// </summary>
    public void RemovePgdMapping(ulong startVa, ulong size)
    {
        if (startVa < G.PageOffset || startVa + size > G.PageEnd)
        {
            Warnings.Warn("__remove_pgd_mapping", "(start < PAGE_OFFSET) || (end > PAGE_END)", startVa, Actor,
                "WARNING: linear-map removal outside the linear region");
        }

        UnmapHotplugRange(startVa, startVa + size, false, null);
        FreeEmptyTables(startVa, startVa + size, G.PageOffset, G.PageEnd);
    }
}
