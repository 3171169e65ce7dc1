using VmemmapPS.Core.Arch.Arm64;
using VmemmapPS.Core.Drivers.Nvdimm;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Versions;
using VmemmapPS.Reference;
using Xunit;

namespace VmemmapPS.Core.Tests.Internals;

public class NdPfnGeometryTests
{
    private static Arm64Geometry G4k => Arm64Geometry.Create(4096, 48, KernelProfile.Get("5.12"));

    [Fact]
    public void WorkedExample16GiBOn4KAlign2MiB()
    {
        const ulong size = 16UL << 30, align = 2UL << 20, start = 0x800000000;
        NdPfnGeometry pfn = NdPfnGeometry.Compute(G4k, start, size, align, mapDev: true);
        var nd = new RefNvdimmPfn(new RefGeometry(4096, 48, "5.12"), start, size, mapDev: true, requestedAlign: align);
        Assert.Equal(nd.Offset, pfn.DataOffset);
        Assert.Equal(nd.ReservePfns, pfn.AltmapReserve);
        Assert.Equal(nd.FreePfns, pfn.AltmapFree);
        Assert.Equal(nd.UsableBytes / 4096, pfn.Npfns);
        // By hand: 64 * PHYS_PFN(16G - 8K) + 8K rounds up to 258 MiB = 66048 pfns, less the 2-pfn info block.
        Assert.Equal(66046UL, pfn.AltmapFree);
    }

    [Fact]
    public void MapMemReservesOnlyTheAlignedInfoBlock()
    {
        NdPfnGeometry pfn = NdPfnGeometry.Compute(G4k, 0x800000000, 1UL << 30, null, mapDev: false);
        Assert.Equal(2UL << 20, pfn.DataOffset); // ALIGN(8K, 2M)
        Assert.Equal(0UL, pfn.AltmapFree);
    }

    [Fact]
    public void EndIsTruncatedToTheAlignment()
    {
        const ulong size = (1UL << 30) + (1UL << 20);
        NdPfnGeometry pfn = NdPfnGeometry.Compute(G4k, 0x800000000, size, null, mapDev: true);
        Assert.Equal(1UL << 20, pfn.EndTrunc);
        Assert.Equal(1UL << 30, pfn.RangeSize);
    }

    [Fact]
    public void RefusalsCarryTheKernelErrno()
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
