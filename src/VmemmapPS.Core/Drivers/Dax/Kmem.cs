using VmemmapPS.Core.Arch.Arm64;
using VmemmapPS.Core.Drivers.Nvdimm;
using VmemmapPS.Core.Mm;
using VmemmapPS.Core.Sim;
using VmemmapPS.Core.Units;

namespace VmemmapPS.Core.Drivers.Dax;

/// <summary>The kmem driver (drivers/dax/kmem.c): a device-dax range handed to the page allocator.</summary>
internal abstract class DaxKmem : PfnDevs
{
    protected DaxKmem(Arm64Geometry geometry, bool rodataFull)
        : base(geometry, rodataFull)
    {
    }

    public const string KmemResourceName = "System RAM (kmem)";

    /// <summary>
    /// mirrors dax_kmem_range: start aligned up and end aligned down to memory_block_size_bytes(); null when nothing
    /// is left (-ENOSPC, "too small after alignment").
    /// </summary>
    public (ulong Start, ulong Size)? DaxKmemRange(ulong start, ulong size)
    {
        ulong mbs = G.MemoryBlockSize;
        ulong s = KernelAlign.Up(start, mbs);
        ulong e = KernelAlign.Down(start + size, mbs);
        return s < e ? (s, e - s) : null;
    }

    /// <summary>
    /// mirrors dev_dax_kmem_probe for a single-range device: request_mem_region(range, "System RAM (kmem)"), then
    /// add_memory_driver_managed(mgid, range, "System RAM (kmem)", MHP_NID_IS_MGID | MHP_MEMMAP_ON_MEMORY when the
    /// device's memmap_on_memory attribute is set). The range was checked before device_dax let go.
    /// </summary>
    public (int Errno, string? Function, SystemRamState Resource) DevDaxKmemProbe(DeviceState dev, bool memmapOnMemory)
    {
        (ulong start, ulong size) = DaxKmemRange(dev.DaxStart, dev.DaxSize)!.Value;
        var res = new SystemRamState
        {
            Name = dev.Name, Start = start, Size = size, Nid = dev.Node, ResourceName = KmemResourceName, DaxDevice = dev.Name,
        };
        (int rc, string? function) = AddMemoryResource(res, memmapOnMemory);
        return (rc, function, res);
    }
}
