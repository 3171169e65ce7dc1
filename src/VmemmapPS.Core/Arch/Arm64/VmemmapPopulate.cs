using System.Runtime.CompilerServices;
using VmemmapPS.Core.Arch.Arm64;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Mm;
using VmemmapPS.Core.Versions;

namespace VmemmapPS.Core.Sim;

/// <summary>arm64 vmemmap_populate per version band and vmemmap_free (arch/arm64/mm/mmu.c).</summary>
internal sealed partial class Kernel
{
    private bool Uses4kSectionMaps => G.PageShift == 12; // ARM64_SWAPPER_USES_SECTION_MAPS / ARM64_KERNEL_USES_PMD_MAPS

    /// <summary>arm64 vmemmap_populate(start, end, node, altmap) as the profile's band has it. 0 or -ENOMEM.</summary>
    [MethodImpl(Sim.HotPath.Options)]
    public int VmemmapPopulate(ulong start, ulong end, int node, VmemAltmap? altmap)
    {
        if (P.PopulateWarnsOutsideWindow && (start < G.VmemmapStart || end > G.VmemmapEnd))
        {
            Warnings.Warn("vmemmap_populate", "(start < VMEMMAP_START) || (end > VMEMMAP_END)", start, Actor,
                $"WARNING: vmemmap_populate [{start:x}-{end:x}) outside the VMEMMAP window");
        }

        switch (P.Populate)
        {
            case PopulatePolicy.IgnoreAltmap:
                // v5.8: the altmap argument is not passed on by arm64
                return Uses4kSectionMaps ? Arm64PmdLoop(start, end, node, null, fallback: false) : VmemmapPopulateBasepages(start, end, node, null);
            case PopulatePolicy.AltmapNoFallback:
                return Uses4kSectionMaps ? Arm64PmdLoop(start, end, node, altmap, fallback: false) : VmemmapPopulateBasepages(start, end, node, altmap);
            case PopulatePolicy.AltmapBasepageFallback:
                return Uses4kSectionMaps ? Arm64PmdLoop(start, end, node, altmap, fallback: true) : VmemmapPopulateBasepages(start, end, node, altmap);
            case PopulatePolicy.GenericHugepages:
                return Uses4kSectionMaps ? VmemmapPopulateHugepages(start, end, node, altmap) : VmemmapPopulateBasepages(start, end, node, altmap);
            default:
                // d4234d131b0a "arm64: mm: Populate vmemmap at the page level if not section aligned"
                if (end - start > G.SectionMemmapSize)
                {
                    Warnings.WarnOnce("vmemmap_populate", "end - start > PAGES_PER_SECTION * sizeof(struct page)", start, Actor,
                        "WARNING: [start, end] should be within one section");
                }

                return !Uses4kSectionMaps || end - start < G.SectionMemmapSize
                    ? VmemmapPopulateBasepages(start, end, node, altmap)
                    : VmemmapPopulateHugepages(start, end, node, altmap);
        }
    }

    /// <summary>
    /// mirrors the arm64-private 4K loop of vmemmap_populate (v5.8-v6.3): PMD blocks from vmemmap_alloc_block_buf;
    /// on failure -ENOMEM (v5.8-v5.11) or vmemmap_populate_basepages for that PMD range (v5.12+, with the altmap);
    /// an existing PMD only gets vmemmap_verify. Loop condition "addr != end".
    /// </summary>
    [MethodImpl(HotPath.Options)]
    private int Arm64PmdLoop(ulong start, ulong end, int node, VmemAltmap? altmap, bool fallback)
    {
        ulong addr = start;
        var pmdCache = new PmdTableCache();
        do
        {
            ulong next = EntryEnd(addr, 2, end);
            TablePage? pmd = pmdCache.Get(this, addr, node);
            if (pmd is null)
            {
                return Errno.ENOMEM;
            }

            int i = G.IndexOf(addr, 2);
            ulong d = pmd.Get(i);
            if (d == 0)
            {
                ulong? p = VmemmapAllocBlockBuf(G.PmdSize, node, altmap);
                if (p is null)
                {
                    if (!fallback || VmemmapPopulateBasepages(addr, next, node, altmap) != 0)
                    {
                        return Errno.ENOMEM;
                    }
                }
                else
                {
                    pmd.Set(i, PgtableDesc.Make(DescKind.Block, p.Value)); // pmd_set_huge(PROT_SECT_NORMAL)
                }
            }
            else
            {
                VmemmapVerify(d, node, addr, next);
            }

            addr = next;
        }
        while (addr != end);

        return 0;
    }

    /// <summary>
    /// mirrors arm64 vmemmap_free (v5.7+): WARN outside the window, unmap_hotplug_range(start, end, true, altmap)
    /// (v5.8 drops the altmap), free_empty_tables(start, end, VMEMMAP_START, VMEMMAP_END).
    /// </summary>
    [MethodImpl(HotPath.Options)]
    public void VmemmapFree(ulong start, ulong end, VmemAltmap? altmap)
    {
        if (start < G.VmemmapStart || end > G.VmemmapEnd)
        {
            Warnings.Warn("vmemmap_free", "(start < VMEMMAP_START) || (end > VMEMMAP_END)", start, Actor,
                $"WARNING: vmemmap_free [{start:x}-{end:x}) outside the VMEMMAP window");
        }

        UnmapHotplugRange(start, end, true, P.HonoursAltmap ? altmap : null);
        FreeEmptyTables(start, end, G.VmemmapStart, G.VmemmapEnd);
    }
}
