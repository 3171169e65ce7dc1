using System.Runtime.CompilerServices;
using VmemmapPS.Core.Units;

namespace VmemmapPS.Core.Mm;

/// <summary>struct vmem_altmap (include/linux/memremap.h, v5.5-v6.x layout with end_pfn), counters in pfns.</summary>
internal sealed class VmemAltmap
{
    public VmemAltmap(ulong basePfn, ulong endPfn, ulong reserve, ulong free)
    {
        BasePfn = basePfn;
        EndPfn = endPfn;
        Reserve = reserve;
        Free = free;
    }

    public ulong BasePfn { get; }
    public ulong EndPfn { get; }
    public ulong Reserve { get; }
    public ulong Free { get; }
    public ulong Align { get; set; }

    /// <summary>unsigned long in the kernel: vmem_altmap_free can wrap it below zero, and so does this.</summary>
    public ulong Alloc { get; set; }

    // mirrors vmem_altmap_next_pfn (mm/sparse-vmemmap.c, v4.16+)
    public ulong NextPfn => BasePfn + Reserve + Alloc + Align;

    // mirrors vmem_altmap_nr_free (mm/sparse-vmemmap.c, v4.16+)
    public ulong NrFree => Free > Alloc + Align ? Free - (Alloc + Align) : 0;

    // mirrors vmem_altmap_offset (include/linux/memremap.h)
    public ulong Offset => Reserve + Free;

    /// <summary>
    /// mirrors altmap_alloc_block_buf (mm/sparse-vmemmap.c, v4.16+): bump pointer; padding aligns the absolute pfn
    /// to the largest power of two dividing the request and is never given back.
    /// </summary>
    [MethodImpl(Sim.HotPath.Options)]
    public bool TryAllocBlock(ulong nrPfns, out ulong pfn, out ulong nrAlign)
    {
        pfn = NextPfn;
        ulong alignTo = nrPfns & (~nrPfns + 1); // 1UL << __ffs(nr_pfns)
        nrAlign = KernelAlign.Up(pfn, alignTo) - pfn;
        if (nrPfns + nrAlign > NrFree)
        {
            return false;
        }

        Alloc += nrPfns;
        Align += nrAlign;
        pfn += nrAlign;
        return true;
    }

    // mirrors vmem_altmap_free (mm/sparse-vmemmap.c): only the counter moves.
    public void FreeBlock(ulong nrPfns) => Alloc = unchecked(Alloc - nrPfns);

    public VmemAltmap Clone() => (VmemAltmap)MemberwiseClone();

    public VmemAltmapInfo ToInfo(string device) => new()
    {
        Device = device, BasePfn = BasePfn, EndPfn = EndPfn, Reserve = Reserve, Free = Free, Align = Align, Alloc = Alloc,
        NextPfn = NextPfn, FreeRemaining = NrFree, Offset = Offset,
    };
}
