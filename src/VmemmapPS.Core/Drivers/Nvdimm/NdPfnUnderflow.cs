namespace VmemmapPS.Core.Drivers.Nvdimm;

/// <summary>
/// What nd_pfn_init writes when end_trunc exceeds the namespace size (kernel bug, v6.6+): the zero-size check
/// offset &gt;= size - end_trunc wraps and passes, npfns = PHYS_PFN(size - offset - end_trunc) wraps too, and
/// __nvdimm_setup_pfn hands memremap_pages the range [start, start + size - end_trunc - 1], which ends below its start.
/// </summary>
internal sealed class NdPfnUnderflow
{
    public ulong DataOffset { get; init; }
    public ulong EndTrunc { get; init; }
    public ulong Npfns { get; init; }
    public ulong RangeStart { get; init; }

    /// <summary>res.end - end_trunc: below RangeStart.</summary>
    public ulong RangeEnd { get; init; }

    /// <summary>map=dev: the altmap reserve plus free spans this much from the namespace start, past its end.</summary>
    public ulong AltmapSpanBytes { get; init; }

    public string Describe(ulong size) =>
        $"kernel bug: nd_pfn_init's size - end_trunc underflowed (end_trunc {Units.ByteSize.Hex(EndTrunc)} > size {Units.ByteSize.Hex(size)}), " +
        $"so its zero-size check passed and the info block was written with dataoff {Units.ByteSize.Hex(DataOffset)}, npfns 0x{Npfns:X}; " +
        $"memremap_pages got the inverted range {Units.ByteSize.Hex(RangeStart)}-{Units.ByteSize.Hex(RangeEnd)} and xa_store_range refused it" +
        (AltmapSpanBytes > size ? $"; the altmap would have reserved {Units.ByteSize.Format(AltmapSpanBytes)} from the namespace start, {Units.ByteSize.Format(AltmapSpanBytes - size)} past its end" : string.Empty) +
        ". The bad info block stays on the media: later probes of this namespace fail in nd_pfn_validate (-EOPNOTSUPP)";
}
