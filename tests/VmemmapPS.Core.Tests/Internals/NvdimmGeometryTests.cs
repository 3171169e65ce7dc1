using VmemmapPS.Core.Drivers.Nvdimm;
using VmemmapPS.Core.Errors;
using Xunit;

namespace VmemmapPS.Core.Tests.Internals;

public class NvdimmGeometryTests
{
    private static Arm64Geometry G4k => Arm64Geometry.Create(4096, 48, KernelProfile.Get("5.12"));

    [Fact]
    public void Worked_example_16g_4k_align_2m()
    {
        const ulong size = 16UL << 30, align = 2UL << 20, start = 0x800000000;
        NdPfnGeometry pfn = NdPfnGeometry.Compute(G4k, start, size, align, mapDev: true);
        ulong npfns = (size - 8192) / 4096;                                  // PHYS_PFN(size - SZ_8K)
        ulong offset = (8192 + 64 * npfns + align - 1) / align * align;      // ALIGN(start + 8K + 64*npfns, align) - start
        Assert.Equal(offset, pfn.DataOffset);
        Assert.Equal(2UL, pfn.AltmapReserve);                                // 8 KiB info block = 2 pfns
        Assert.Equal(offset / 4096 - 2, pfn.AltmapFree);
        Assert.Equal(66046UL, pfn.AltmapFree);
        Assert.Equal((size - offset) / 4096, pfn.Npfns);
    }

    [Fact]
    public void Map_mem_reserves_only_the_aligned_info_block()
    {
        NdPfnGeometry pfn = NdPfnGeometry.Compute(G4k, 0x800000000, 1UL << 30, null, mapDev: false);
        Assert.Equal(2UL << 20, pfn.DataOffset); // ALIGN(8K, 2M)
        Assert.Equal(0UL, pfn.AltmapFree);
    }

    [Fact]
    public void End_is_truncated_to_the_alignment()
    {
        const ulong size = (1UL << 30) + (1UL << 20);
        NdPfnGeometry pfn = NdPfnGeometry.Compute(G4k, 0x800000000, size, null, mapDev: true);
        Assert.Equal(1UL << 20, pfn.EndTrunc);
        Assert.Equal(1UL << 30, pfn.RangeSize);
    }

    [Fact]
    public void Refusals_carry_the_kernel_errno()
    {
        SimException misaligned = Assert.Throws<SimException>(() => NdPfnGeometry.Compute(G4k, 0x800001000, 1UL << 30, null, true));
        Assert.Equal(FailureKind.UnalignedRange, misaligned.Kind);
        Assert.Equal(-22, misaligned.Errno);

        SimException pud = Assert.Throws<SimException>(() => NdPfnGeometry.Compute(G4k, 0x800000000, 4UL << 30, 1UL << 30, true));
        Assert.Equal(FailureKind.UnsupportedAlignment, pud.Kind);

        // 64K: default align is PMD_SIZE = 512 MiB; a 512 MiB namespace cannot fit its info block and data
        Arm64Geometry g64 = Arm64Geometry.Create(65536, 48, KernelProfile.Get("5.12"));
        SimException nxio = Assert.Throws<SimException>(() => NdPfnGeometry.Compute(g64, 0x800000000, 512UL << 20, null, true));
        Assert.Equal(FailureKind.AltmapTooSmall, nxio.Kind);
        Assert.Equal(-6, nxio.Errno);
    }
}
