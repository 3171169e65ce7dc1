using System.Runtime.CompilerServices;
using VmemmapPS.Core.Mm;
using VmemmapPS.Core.Sim;

namespace VmemmapPS.Core.Arch.Arm64;

/// <summary>unmap_hotplug_pte_range's free_hotplug_page_range per PTE when PTEs share a page (arch/arm64/mm/mmu.c).</summary>
internal abstract partial class Arm64Mm : GenericMm
{
    /// <summary>
    /// free_hotplug_page_range for n PTEs from pa (consecutive pages, or n times one page when repeats): without an
    /// altmap it is free_pages, whose put_page_testzero only drops a reference that get_page took on a compound
    /// devmap's reused tail page; the page goes back when its last PTE is unmapped.
    /// </summary>
    [MethodImpl(HotPath.Options)]
    private void FreeHotplugPtes(ulong pa, int n, bool repeats, VmemAltmap? altmap, ulong va)
    {
        if (VmemmapReuseRefs.Count == 0 || altmap is not null && P.HonoursAltmap)
        {
            for (int k = 0; k < (repeats ? n : 1); k++)
            {
                FreeHotplugPageRange(pa, repeats ? G.PageSize : (ulong)n << G.PageShift, G.PageSize, altmap, va);
            }

            return;
        }

        if (repeats)
        {
            FreeUnreferenced(PfnOf(pa), (ulong)n, altmap, va);
            return;
        }

        ulong pfn = PfnOf(pa), endPfn = pfn + (ulong)n, freeFrom = pfn;
        for (ulong p = pfn; p < endPfn; p++)
        {
            if (VmemmapReuseRefs.ContainsKey(p))
            {
                if (p > freeFrom)
                {
                    FreeHotplugPageRange(PaOf(freeFrom), (p - freeFrom) << G.PageShift, G.PageSize, altmap, va + ((freeFrom - pfn) << G.PageShift));
                }

                FreeUnreferenced(p, 1, altmap, va + ((p - pfn) << G.PageShift));
                freeFrom = p + 1;
            }
        }

        if (endPfn > freeFrom)
        {
            FreeHotplugPageRange(PaOf(freeFrom), (endPfn - freeFrom) << G.PageShift, G.PageSize, altmap, va + ((freeFrom - pfn) << G.PageShift));
        }
    }

    // free_pages `count` times on one page: those calls that find no reference left free it
    private void FreeUnreferenced(ulong pfn, ulong count, VmemAltmap? altmap, ulong va)
    {
        for (ulong k = PutPageTestZero(pfn, count); k > 0; k--)
        {
            FreeHotplugPageRange(PaOf(pfn), G.PageSize, G.PageSize, altmap, va);
        }
    }
}
