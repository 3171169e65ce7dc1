using VmemmapPS.Core.Arch.Arm64;
using VmemmapPS.Core.Drivers.Base;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Sim;

namespace VmemmapPS.Core.Drivers.Nvdimm;

/// <summary>The nvdimm pfn device (drivers/nvdimm/pfn_devs.c) where its probe changes kernel state.</summary>
internal abstract class PfnDevs : MemoryBlockDevices
{
    protected PfnDevs(Arm64Geometry geometry, bool rodataFull)
        : base(geometry, rodataFull)
    {
    }

    /// <summary>
    /// nd_pfn_init with an end_trunc larger than the namespace (v6.6+ bug, see <see cref="NdPfnUnderflow"/>): the
    /// info block is written before memremap_pages refuses the inverted range with -EINVAL, so the failure persists
    /// on the media for every later probe of the namespace.
    /// </summary>
    public (int Errno, string? Function) NdPfnInitWrapped(ulong start, ulong size, ulong align, NdPfnUnderflow bad)
    {
        BadInfoBlockList.Add(new BadInfoBlock(start, size, align, bad));
        FailureDetail = bad.Describe(size);
        return (Errno.EINVAL, "memremap_pages");
    }
}
