namespace VmemmapPS.Core.Drivers.Nvdimm;

/// <summary>
/// An info block nd_pfn_init wrote with a wrapped npfns (<see cref="NdPfnUnderflow"/>). It stays on the media, so
/// every later probe of the namespace fails in nd_pfn_validate, and the invariant checker names it.
/// </summary>
internal sealed class BadInfoBlock
{
    public BadInfoBlock(ulong start, ulong size, ulong align, NdPfnUnderflow underflow)
    {
        Start = start;
        Size = size;
        Align = align;
        Underflow = underflow;
    }

    public ulong Start { get; }
    public ulong Size { get; }
    public ulong Align { get; }
    public NdPfnUnderflow Underflow { get; }
}
