using System;
using VmemmapPS.Core.Errors;
using VmemmapPS.Reference;
using VmemmapPS.Core.Units;
using Xunit;

namespace VmemmapPS.Core.Tests.Kernel;

/// <summary>
/// drivers/nvdimm/pfn_devs.c nd_pfn_init for a new map=dev namespace:
///   npfns  = PHYS_PFN(size - SZ_8K)
///   offset = ALIGN(start + SZ_8K + 64 * npfns, align) - start        (the plain 8 KiB, not page-rounded)
///   end_trunc = start + size - ALIGN_DOWN(start + size, align)
///   usable = PHYS_PFN(size - offset - end_trunc) pages; altmap free = PHYS_PFN(offset) - nd_info_block_reserve pfns
/// Only the altmap reserve rounds the 8 KiB info block up to a page.
/// </summary>
public class NdPfnInitTests
{
    private const ulong Sz8K = 8 * ByteSize.KiB;

    [Theory]
    [InlineData(4096UL, 16 * ByteSize.GiB, 2 * ByteSize.MiB)]
    [InlineData(16384UL, 8 * ByteSize.GiB - 2 * ByteSize.MiB, 32 * ByteSize.MiB)]
    [InlineData(65536UL, 512 * ByteSize.GiB - 32 * ByteSize.MiB, 512 * ByteSize.MiB)]
    public void MeasureVmemmap_UsesThePlain8KiBInTheDataOffset(ulong pageSize, ulong size, ulong align)
    {
        SizingRow row = VmemmapSizing.Estimate(size, pageSize, altmap: true, align: align, kernelVersion: "6.12");

        ulong npfns = (size - Sz8K) / pageSize;
        ulong offset = RefGeometry.AlignUp(Sz8K + 64 * npfns, align);        // the sizing start is align-aligned
        ulong endTrunc = size % align;
        ulong reserve = RefGeometry.AlignUp(Sz8K, pageSize) / pageSize;
        Assert.Equal((size - offset - endTrunc) / pageSize * pageSize, row.UsableBytes);
        Assert.Equal(offset / pageSize - reserve, row.AltmapFreePages);
        Assert.Equal(reserve, row.AltmapReservePages);
    }

    [Theory]
    [InlineData(16384UL, 8 * ByteSize.GiB - 2 * ByteSize.MiB, 32 * ByteSize.MiB, 8128UL, 2047UL)]
    [InlineData(65536UL, 512 * ByteSize.GiB - 32 * ByteSize.MiB, 512 * ByteSize.MiB, 523264UL, 8191UL)]
    public void LargeGranules_MatchTheKernelsNumbers(ulong pageSize, ulong size, ulong align, ulong usableMiB, ulong altmapFree)
    {
        // 16K: 64 * 524159 + 8 KiB = 33554368 B fits in 32 MiB; rounding the 8 KiB to 16 KiB would cross into 64 MiB.
        SizingRow row = VmemmapSizing.Estimate(size, pageSize, altmap: true, align: align, kernelVersion: "6.12");

        Assert.Equal(usableMiB * ByteSize.MiB, row.UsableBytes);
        Assert.Equal(altmapFree, row.AltmapFreePages);
    }

    [Fact]
    public void NamespaceUnder16MiB_IsRefusedWhenAttached()
    {
        var rig = KernelRig.Boot(pageSize: 4096, version: "6.12");
        SimException e = Assert.Throws<SimException>(() => rig.Add(KernelRig.FsDax("pmem0", 0x10_0000_0000UL, 16 * ByteSize.MiB - 2 * ByteSize.MiB, altmap: true)));

        Assert.Equal(Errno.ENXIO, e.Errno);
        Assert.Equal("nd_namespace_store", e.KernelFunction);
        Assert.Contains("too small to host", e.Message);
        Assert.True(rig.Add(KernelRig.FsDax("pmem1", 0x10_0000_0000UL, 16 * ByteSize.MiB, altmap: false)).Success);
    }

    // 64K, align 512 MiB, start 2 MiB below a 512 MiB boundary, 17 MiB: end_trunc 15 MiB, offset 2 MiB.
    // offset >= size - end_trunc (2 MiB >= 2 MiB): v6.6 refuses; before, offset < size passes with 0 usable pages.
    [Theory]
    [InlineData("6.5.13", true)]
    [InlineData("6.6", false)]
    public void ZeroSizedNamespace_IsRefusedFrom66(string version, bool binds)
    {
        const ulong align = 512 * ByteSize.MiB;
        ulong start = 0x100_0000_0000UL - 2 * ByteSize.MiB;
        ulong size = 17 * ByteSize.MiB;
        var rig = KernelRig.Boot(pageSize: 65536, version: version);
        var nd = new RefNvdimmPfn(rig.G, start, size, mapDev: true, requestedAlign: align);
        Assert.Equal(size - nd.EndTrunc, nd.Offset);

        if (binds)
        {
            HotplugResult r = rig.Add(KernelRig.FsDax("pmem0", start, size, altmap: true, align: align));
            Assert.True(r.Success, r.Message);
            Assert.Equal(0UL, r.DeviceMemory!.UsableBytes);
        }
        else
        {
            SimException e = Assert.Throws<SimException>(() => rig.Add(KernelRig.FsDax("pmem0", start, size, altmap: true, align: align)));
            Assert.Equal(Errno.ENXIO, e.Errno);
            Assert.Equal("nd_pfn_init", e.KernelFunction);
        }
    }
}
