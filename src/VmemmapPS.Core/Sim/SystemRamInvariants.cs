using System.Collections.Generic;
using VmemmapPS.Core.Drivers.Base;
using VmemmapPS.Core.Mm;

namespace VmemmapPS.Core.Sim;

/// <summary>
/// What must hold for hot-added System RAM: every online pfn has a present section with a mapped memmap, the
/// memmap of a memmap_on_memory block sits in that block's own first pages, and MemTotal's growth is exactly the
/// online blocks minus their memmap pages.
/// </summary>
internal static class SystemRamInvariants
{
    public static void Check(Kernel k, List<LeafRun> vmemmapLeaves, List<InvariantFinding> findings)
    {
        ulong expectedManaged = 0;
        foreach (SystemRamState res in k.SystemRam)
        {
            foreach (MemoryBlockRun run in res.Blocks.Runs)
            {
                if (run.Zone != MemoryZone.None)
                {
                    expectedManaged += run.Count * (k.PagesPerBlock - res.VmemmapPagesPerBlock);
                    CheckOnlineSections(k, res, run, findings);
                }
            }

            if (res.MemmapOnMemory)
            {
                CheckOwnMemmap(k, res, vmemmapLeaves, findings);
            }
        }

        ulong managed = 0;
        foreach (NodeMemory n in k.Nodes)
        {
            managed += n.Hotplugged.TotalPages;
        }

        if (managed != expectedManaged)
        {
            InvariantChecker.Add(findings, "Accounting", 0, null,
                $"{managed} hot-added pages are online in the zones, but the online memory blocks account for {expectedManaged}");
        }
    }

    /// <summary>A pfn at the start of a memmap_on_memory block, inside its nr_vmemmap_pages.</summary>
    public static bool IsMemmapOnMemoryPfn(Kernel k, ulong pfn) =>
        k.SystemRamOfPfn(pfn) is SystemRamState res && res.MemmapOnMemory &&
        (pfn - k.PfnOf(res.Start)) % k.PagesPerBlock < res.VmemmapPagesPerBlock;

    private static void CheckOnlineSections(Kernel k, SystemRamState res, MemoryBlockRun run, List<InvariantFinding> findings)
    {
        ulong firstPfn = k.PfnOf(res.Start) + run.First * k.PagesPerBlock;
        ulong endPfn = firstPfn + run.Count * k.PagesPerBlock;
        for (ulong pfn = firstPfn; pfn < endPfn; pfn += k.G.PagesPerSection)
        {
            // Peek: an observer must not split the section runs it reads
            if (k.Sections.Peek(k.PfnToSectionNr(pfn)) is not MemSection ms || !ms.HasMemMap)
            {
                InvariantChecker.Add(findings, "MemmapMapped", k.PaOf(pfn), res.Owner,
                    $"online pfn {pfn:x} of {res.Name} has no present section with a memmap");
                return;
            }
        }
    }

    /// <summary>Every leaf mapping a block's struct pages is backed by that block's first nr_vmemmap_pages.</summary>
    private static void CheckOwnMemmap(Kernel k, SystemRamState res, List<LeafRun> leaves, List<InvariantFinding> findings)
    {
        ulong startPfn = k.PfnOf(res.Start);
        ulong lo = k.PfnToPage(startPfn), hi = k.PfnToPage(k.PfnOf(res.End));
        foreach (LeafRun l in leaves)
        {
            if (l.Va + l.Size <= lo || l.Va >= hi)
            {
                continue;
            }

            ulong block = (k.PageToPfn(l.Va > lo ? l.Va : lo) - startPfn) / k.PagesPerBlock;
            ulong blockPfn = startPfn + block * k.PagesPerBlock;
            ulong backing = k.PfnOf(l.Pa), backingEnd = k.PfnOf(l.Pa + l.Size);
            if (backing < blockPfn || backingEnd > blockPfn + res.VmemmapPagesPerBlock)
            {
                InvariantChecker.Add(findings, "MemmapOnMemory", l.Va, res.Owner,
                    $"struct pages of block {block} of {res.Name} at {l.Va:x} are backed by pfns {backing:x}-{backingEnd - 1:x}, outside the block's own memmap pages {blockPfn:x}-{blockPfn + res.VmemmapPagesPerBlock - 1:x}");
                return;
            }
        }

        foreach (MemoryBlockRun run in res.Blocks.Runs)
        {
            if (run.AltmapAlloc + run.AltmapAlign > res.VmemmapPagesPerBlock)
            {
                InvariantChecker.Add(findings, "AltmapBalance", res.Start + run.First * k.G.MemoryBlockSize, res.Owner,
                    $"blocks {run.First}..{run.End - 1} of {res.Name}: altmap alloc {run.AltmapAlloc} + align {run.AltmapAlign} exceed its {res.VmemmapPagesPerBlock} free pages");
            }
        }
    }
}
