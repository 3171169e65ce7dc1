using System;
using VmemmapPS.Core.Arch.Arm64;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Sim;
using VmemmapPS.Core.Units;
using VmemmapPS.Core.Versions;

namespace VmemmapPS.Core.Drivers.Nvdimm;

/// <summary>What nd_pfn_init writes into the info block and __nvdimm_setup_pfn turns into a pgmap + altmap.</summary>
internal sealed class NdPfnGeometry
{
    /// <summary>nd_pfn->align: the namespace's alignment as ndctl shows and takes it (PAGE_SIZE or HPAGE_PMD_SIZE).</summary>
    public ulong NdAlign { get; init; }

    /// <summary>What the data offset and end truncation are aligned to: max(nd_pfn->align, memremap_compat_align()).</summary>
    public ulong Align { get; init; }
    public ulong DataOffset { get; init; }
    public ulong EndTrunc { get; init; }
    public ulong Npfns { get; init; }
    public ulong RangeStart { get; init; }
    public ulong RangeSize { get; init; }
    public ulong AltmapBasePfn { get; init; }
    public ulong AltmapReserve { get; init; }
    public ulong AltmapFree { get; init; }

    /// <summary>
    /// mirrors nd_pfn_init, nd_pfn_validate's alignment check and __nvdimm_setup_pfn (drivers/nvdimm/pfn_devs.c, v5.7+
    /// with memremap_compat_align).
    /// mapDev = PFN_MODE_PMEM (struct pages on the device); otherwise PFN_MODE_RAM.
    /// </summary>
    public static NdPfnGeometry Compute(Arm64Geometry g, ulong start, ulong size, ulong? requestedAlign, bool mapDev)
    {
        const ulong sz8K = 8192;
        const ulong maxStructPageSize = 64;
        ulong compatAlign = g.SubsectionSize; // memremap_compat_align(): generic = SUBSECTION_SIZE
        ulong infoBlock = KernelAlign.Up(sz8K, g.PageSize); // nd_info_block_reserve()
        ulong ndAlign = requestedAlign ?? g.PmdSize; // default HPAGE_PMD_SIZE (arm64 has THP)
        if (ndAlign != g.PageSize && ndAlign != g.PmdSize)
        {
            throw new SimException(FailureKind.UnsupportedAlignment,
                $"PFN alignment {Units.ByteSize.Format(ndAlign)} is not supported on arm64 with {g.PageSize / 1024}K pages; " +
                $"nd_pfn_supported_alignments offers {Units.ByteSize.Format(g.PageSize)} (PAGE_SIZE) and {Units.ByteSize.Format(g.PmdSize)} (HPAGE_PMD_SIZE); arm64 has no PUD-level THP.",
                ndAlign, Errno.EINVAL, "nd_pfn_validate");
        }

        if (size <= infoBlock)
        {
            throw new SimException(FailureKind.AltmapTooSmall,
                $"Namespace size {Units.ByteSize.Format(size)} leaves no room after the {Units.ByteSize.Format(infoBlock)} info block.",
                size, Errno.ENXIO, "nd_pfn_init");
        }

        ulong align = Math.Max(ndAlign, compatAlign);
        if (start % compatAlign != 0)
        {
            throw new SimException(FailureKind.UnalignedRange,
                $"Namespace start {Units.ByteSize.Hex(start)} is misaligned to {Units.ByteSize.Hex(compatAlign)} (memremap_compat_align).",
                start, Errno.EINVAL, "nd_pfn_init");
        }

        ulong endTrunc = start + size - KernelAlign.Down(start + size, align);
        ulong npfns = (size - infoBlock) >> g.PageShift;
        ulong offset = mapDev
            ? KernelAlign.Up(start + infoBlock + maxStructPageSize * npfns, align) - start
            : KernelAlign.Up(start + infoBlock, align) - start;
        // e96d9a938e89 (v6.6) compares against size - end_trunc to refuse zero-sized namespaces; before, against size.
        ulong limit = g.Profile.Has(KernelSwitch.ZeroSizeNamespaceCheck) ? size - endTrunc : size;
        if (offset >= limit)
        {
            throw new SimException(FailureKind.AltmapTooSmall,
                $"nd_pfn_init: unable to satisfy requested alignment: data offset {Units.ByteSize.Format(offset)} (align {Units.ByteSize.Format(align)}) " +
                $"does not fit in {Units.ByteSize.Format(limit)}.",
                size, Errno.ENXIO, "nd_pfn_init");
        }

        npfns = (size - offset - endTrunc) >> g.PageShift;
        ulong basePfn = start >> g.PageShift; // SUBSECTION_ALIGN_DOWN(PHYS_PFN(base)) == PHYS_PFN(base): start is compat-aligned
        ulong reserve = infoBlock >> g.PageShift;
        return new NdPfnGeometry
        {
            NdAlign = ndAlign,
            Align = align,
            DataOffset = offset,
            EndTrunc = endTrunc,
            Npfns = npfns,
            RangeStart = start,
            RangeSize = size - endTrunc,
            AltmapBasePfn = basePfn,
            AltmapReserve = reserve,
            AltmapFree = mapDev ? (offset >> g.PageShift) - reserve : 0,
        };
    }

}
