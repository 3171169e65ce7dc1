using System.Runtime.CompilerServices;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Mm;
using VmemmapPS.Core.Sim;
using VmemmapPS.Core.Versions;

namespace VmemmapPS.Core.Arch.Arm64;

/// <summary>arm64 vmemmap_populate as the resolved kernel has it, and vmemmap_free (arch/arm64/mm/mmu.c).</summary>
internal abstract partial class Arm64Mm : GenericMm
{
    protected override bool Uses4kSectionMaps => G.PageShift == 12; // ARM64_SWAPPER_USES_SECTION_MAPS / ARM64_KERNEL_USES_PMD_MAPS

    /// <summary>arm64 vmemmap_populate(start, end, node, altmap) with the switches of the resolved release. 0 or -ENOMEM.</summary>
    [MethodImpl(Sim.HotPath.Options)]
    public override int VmemmapPopulate(ulong start, ulong end, int node, VmemAltmap? altmap)
    {
        if (P.PopulateWarnsOutsideWindow && (start < G.VmemmapStart || end > G.VmemmapEnd))
        {
            Warnings.Warn("vmemmap_populate", "(start < VMEMMAP_START) || (end > VMEMMAP_END)", start, Actor,
                $"WARNING: vmemmap_populate [{start:x}-{end:x}) outside the VMEMMAP window");
        }

        return VmemmapPopulateRange(start, end, end - start, node, altmap);
    }

    /// <summary>
    /// The body of arm64 vmemmap_populate for [start, end) made of calls of callSize bytes each (one per section
    /// chunk): the loops below keep no state from one call to the next, so back-to-back calls and one call over
    /// their union touch the same entries in the same order.
    /// </summary>
    [MethodImpl(Sim.HotPath.Options)]
    protected override int VmemmapPopulateRange(ulong start, ulong end, ulong callSize, int node, VmemAltmap? altmap)
    {
        if (P.SubsectionBasepages)
        {
            // d4234d131b0a "arm64: mm: Populate vmemmap at the page level if not section aligned"; in 6.1.y it
            // sits in front of the arm64-private loop, elsewhere in front of vmemmap_populate_hugepages.
            if (callSize > G.SectionMemmapSize)
            {
                Warnings.WarnOnce("vmemmap_populate", "end - start > PAGES_PER_SECTION * sizeof(struct page)", start, Actor,
                    "WARNING: [start, end] should be within one section");
            }

            if (callSize < G.SectionMemmapSize)
            {
                return VmemmapPopulateBasepages(start, end, node, altmap);
            }
        }

        if (!Uses4kSectionMaps)
        {
            return VmemmapPopulateBasepages(start, end, node, P.HonoursAltmap ? altmap : null);
        }

        return P.Populate switch
        {
            PopulatePolicy.IgnoreAltmap => Arm64PmdLoop(start, end, node, null, fallback: false), // altmap not passed on
            PopulatePolicy.AltmapNoFallback => Arm64PmdLoop(start, end, node, altmap, fallback: false),
            PopulatePolicy.AltmapBasepageFallback => Arm64PmdLoop(start, end, node, altmap, fallback: true),
            _ => VmemmapPopulateHugepages(start, end, node, altmap),
        };
    }

    /// <summary>
    /// mirrors the arm64-private 4K loop of vmemmap_populate (v5.8-v6.1.y): PMD blocks from vmemmap_alloc_block_buf;
    /// on failure -ENOMEM (v5.8-v5.10) or vmemmap_populate_basepages for that PMD range (v5.11+, with the altmap);
    /// an existing PMD only gets vmemmap_verify. Loop condition "addr != end".
    /// </summary>
    [MethodImpl(HotPath.Options)]
    private int Arm64PmdLoop(ulong start, ulong end, int node, VmemAltmap? altmap, bool fallback)
    {
        ulong addr = start;
        var pmdCache = new PmdTableCache();
        do
        {
            ulong skipped = PopulateWholePmdTables(addr, end, node, altmap);
            if (skipped != addr)
            {
                addr = skipped;
                continue;
            }

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
                    next += AltmapPmdRun(pmd, i, addr, end, altmap) * G.PmdSize;
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
    public override void VmemmapFree(ulong start, ulong end, VmemAltmap? altmap)
    {
        if (start < G.VmemmapStart || end > G.VmemmapEnd)
        {
            Warnings.Warn("vmemmap_free", "(start < VMEMMAP_START) || (end > VMEMMAP_END)", start, Actor,
                $"WARNING: vmemmap_free [{start:x}-{end:x}) outside the VMEMMAP window");
        }

        UnmapHotplugRange(start, end, true, P.HonoursAltmap ? altmap : null);
        FreeEmptyTables(start, end, G.VmemmapStart, G.VmemmapEnd);
    }

    // mirrors arm64 vmemmap_check_pmd: vmemmap_verify, then 1 (v6.4-v6.13) or pmd_sect(*pmdp) (newest).
    protected override bool VmemmapCheckPmd(ulong desc, int node, ulong addr, ulong next)
    {
        VmemmapVerify(desc, node, addr, next);
        return !P.CheckPmdReturnsSect || PgtableDesc.Kind(desc) == DescKind.Block;
    }
}
