namespace VmemmapPS.Reference;

/// <summary>The bump allocator of mm/sparse-vmemmap.c altmap_alloc_block_buf (docs/kernel-model.md#altmap_alloc_block_buf).</summary>
public sealed class RefAltmap
{
    public RefAltmap(ulong basePfn, ulong reserve, ulong free)
    {
        BasePfn = basePfn;
        Reserve = reserve;
        Free = free;
    }

    public ulong BasePfn { get; }

    public ulong Reserve { get; }

    public ulong Free { get; }

    public ulong Alloc { get; private set; }

    public ulong Align { get; private set; }

    public ulong NextPfn => BasePfn + Reserve + Alloc + Align;

    public ulong NrFree => Free > Alloc + Align ? Free - (Alloc + Align) : 0;

    /// <summary>Returns the first pfn handed out, or null when the request does not fit (state unchanged).</summary>
    public ulong? AllocBlock(ulong nrPfns)
    {
        ulong pfn = NextPfn;
        ulong alignTo = nrPfns & (~nrPfns + 1);           // 1UL << __ffs(nr_pfns)
        ulong nrAlign = RefGeometry.AlignUp(pfn, alignTo) - pfn;
        if (nrPfns + nrAlign > NrFree)
        {
            return null;
        }

        Alloc += nrPfns;
        Align += nrAlign;
        return pfn + nrAlign;
    }
}
