using System;
using System.Collections.Generic;
using System.Linq;
using VmemmapPS.Core.Arch.Arm64;
using VmemmapPS.Core.Mm;
using VmemmapPS.Core.Units;

namespace VmemmapPS.Core.Sim;

/// <summary>Early boot: memblock, paging_init/map_mem, sparse_init (arch/arm64/mm/init.c, mmu.c; mm/sparse.c).</summary>
internal sealed partial class Kernel
{
    /// <summary>The most the kernel image, firmware and DTB take (a platform assumption, see docs/kernel-model.md).</summary>
    private const ulong KernelImageMaxBytes = 32 * ByteSize.MiB;

    /// <summary>Kernel image, firmware, DTB...: reserved at the start of the lowest RAM range.</summary>
    public static ulong KernelImageBytes(ulong firstRangeSize) => Math.Min(KernelImageMaxBytes, firstRangeSize / 4);

    public void Boot(IReadOnlyList<NodeConfig> nodes, IProgress<SimProgress>? progress)
    {
        Progress = progress;
        Booting = true;
        foreach (NodeConfig nc in nodes.OrderBy(n => n.Id))
        {
            var node = new NodeMemory(nc.Id);
            foreach (RamRange r in nc.Ram.OrderBy(r => r.Start))
            {
                node.Ranges.Add((PfnOf(r.Start), PfnOf(r.Start + r.Size)));
                node.Free.Add(PfnOf(r.Start), r.Size >> G.PageShift);
                node.TotalPages += r.Size >> G.PageShift;
            }

            Nodes.Add(node);
        }

        var ram = Nodes.SelectMany(n => n.Ranges.Select(r => (Node: n.Id, r.Start, r.End))).OrderBy(r => r.Start).ToList();
        MemstartAddr = KernelAlign.Down(PaOf(ram[0].Start), G.MemstartAlign);

        // memblock_reserve of the kernel image; swapper_pg_dir lives inside it
        ulong imagePages = KernelImageBytes(PaOf(ram[0].End - ram[0].Start)) >> G.PageShift;
        NodeMemory first = Nodes.Find(n => n.Id == ram[0].Node)!;
        first.Free.Take(ram[0].Start, imagePages);
        Owners.Add(ram[0].Start, imagePages, new PageOwner(PagePurpose.KernelReserved, null, "memblock_reserve", true, first.Id));
        Log.Add(AllocationAction.Alloc, AllocationSource.SystemRam, PagePurpose.KernelReserved, "memblock_reserve", PaOf(ram[0].Start),
            imagePages, 0, null, first.Id);
        Pgd = new TablePage(PaOf(ram[0].Start), G.TopLevel, G.PtrsPerPgd, G.TopTableBase, G.EntrySpan(G.TopLevel),
            PageTableRegion.Linear, null, first.Id, G.PageSize);

        // paging_init -> map_mem: every memblock range into the linear map (page granular when force_pte_mapping)
        int topNode = ram[ram.Count - 1].Node;
        foreach ((int _, ulong s, ulong e) in ram)
        {
            if (!CreatePgdMapping(PaOf(s), PhysToVirt(PaOf(s)), PaOf(e - s), ForcePteMapping, topNode))
            {
                // early_pgtable_alloc: panic("Failed to allocate page table page")
                throw new Errors.SimException(Errors.FailureKind.InvalidMachineConfig,
                    $"RAM is too small to hold the boot page tables of its own linear map (early_pgtable_alloc would panic).",
                    PaOf(s));
            }
        }

        // memblocks_present + subsection_map_init: early sections with the RAM sub-sections set
        foreach ((int nid, ulong s, ulong e) in ram)
        {
            for (ulong pfn = s; pfn < e;)
            {
                ulong n = ChunkPages(pfn, e);
                MemSection ms = GetOrCreateSection(PfnToSectionNr(pfn));
                ms.Early = true;
                ms.Usage = true;
                ms.HasMemMap = true;
                ms.Nid = nid;
                (int firstBit, int lastBit) = SubsectionBits(pfn, n);
                ms.SetRange(firstBit, lastBit);

                pfn += n;
            }
        }

        // mirrors sparse_init -> sparse_init_nid per node (mm/sparse.c): one buffer, then __populate_section_memmap per present section
        var throttle = new ProgressThrottle(Progress, "sparse_init", Sections.IndividualCount);
        long done = 0;
        foreach (IGrouping<int, MemSection> group in Sections.Individual.OrderBy(s => s.Nr).GroupBy(s => s.Nid).OrderBy(g => g.Key))
        {
            ulong sectionMapSize = SectionMapSize;
            SparseBufferInit(sectionMapSize * (ulong)group.Count(), group.Key);
            foreach (MemSection ms in group)
            {
                ulong start = PfnToPage(SectionNrToPfn(ms.Nr));
                if (VmemmapPopulate(start, start + G.SectionMemmapSize, group.Key, null) != 0)
                {
                    // sparse_init_nid: "%s: node[%d] memory map backing failed. Some memory will not be available."
                    Warnings.Warn("sparse_init_nid", "!map", start, null, $"node[{group.Key}] memory map backing failed");
                    ms.HasMemMap = false;
                }

                throttle.Report(++done, ms.Nr);
            }

            SparseBufferFini();
        }

        Booting = false; // memblock_free_all: the rest goes to the buddy allocator
        BaselineFreePages = FreePages;
        Progress = null;
    }
}
