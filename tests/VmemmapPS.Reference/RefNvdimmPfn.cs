namespace VmemmapPS.Reference;

/// <summary>
/// drivers/nvdimm/pfn_devs.c nd_pfn_init + __nvdimm_setup_pfn for a fresh namespace (docs/kernel-model.md#nd_pfn_init), recomputed in the
/// test: info block at 4K, ALIGN(SZ_8K, PAGE_SIZE) reserved, 64-byte struct pages for map=dev.
/// </summary>
public sealed class RefNvdimmPfn
{
    private const ulong Sz8K = 8192;

    public RefNvdimmPfn(RefGeometry g, ulong start, ulong size, bool mapDev, ulong? requestedAlign = null)
    {
        // align = max(nd_pfn->align, memremap_compat_align()); default nd_pfn->align = HPAGE_PMD_SIZE.
        Align = requestedAlign ?? g.PmdSize;
        if (Align < g.SubsectionSize)
        {
            Align = g.SubsectionSize;
        }

        ulong npfns = (size - Sz8K) / g.PageSize;
        EndTrunc = start + size - RefGeometry.AlignDown(start + size, Align);
        Offset = mapDev
            ? RefGeometry.AlignUp(start + Sz8K + RefGeometry.StructPageSize * npfns, Align) - start
            : RefGeometry.AlignUp(start + Sz8K, Align) - start;
        UsableBytes = (size - Offset - EndTrunc) / g.PageSize * g.PageSize;

        // nd_info_block_reserve() = ALIGN(SZ_8K, PAGE_SIZE)
        InfoBlockReserveBytes = RefGeometry.AlignUp(Sz8K, g.PageSize);
        ulong pfn = start / g.PageSize;
        BasePfn = RefGeometry.AlignDown(pfn, g.PagesPerSubsection);                 // init_altmap_base
        ReservePfns = InfoBlockReserveBytes / g.PageSize + (pfn - BasePfn);       // init_altmap_reserve
        FreePfns = (Offset - InfoBlockReserveBytes) / g.PageSize;                 // PHYS_PFN(offset - reserve)
        RangeSize = size - EndTrunc;
    }

    public ulong Align { get; }

    public ulong EndTrunc { get; }

    public ulong Offset { get; }

    public ulong UsableBytes { get; }

    public ulong InfoBlockReserveBytes { get; }

    public ulong BasePfn { get; }

    public ulong ReservePfns { get; }

    public ulong FreePfns { get; }

    /// <summary>Bytes of the pgmap range that memremap_pages hot-adds.</summary>
    public ulong RangeSize { get; }
}
