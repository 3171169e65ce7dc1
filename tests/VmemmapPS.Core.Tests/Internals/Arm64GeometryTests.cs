using System;
using VmemmapPS.Core;
using VmemmapPS.Core.Arch.Arm64;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Versions;
using Xunit;

namespace VmemmapPS.Core.Tests.Internals;

public class Arm64GeometryTests
{
    // ARM64_HW_PGTABLE_LEVELS(va) = (va - 4) / (PAGE_SHIFT - 3); LEVEL_SHIFT(n) = (PAGE_SHIFT - 3) * (4 - n) + 3
    [Theory]
    [InlineData(4096UL, 39)]
    [InlineData(4096UL, 48)]
    [InlineData(16384UL, 36)]
    [InlineData(16384UL, 47)]
    [InlineData(16384UL, 48)]
    [InlineData(65536UL, 42)]
    [InlineData(65536UL, 48)]
    [InlineData(65536UL, 52)]
    public void LevelsAndShiftsFollowPgtableHwdef(ulong pageSize, int va)
    {
        Arm64Geometry g = Arm64Geometry.Create(pageSize, va, KernelProfile.Get("5.9"));
        int pageShift = (int)Math.Log2(pageSize);
        int levels = (va - 4) / (pageShift - 3);
        int pgdirShift = (pageShift - 3) * (4 - (4 - levels)) + 3;
        Assert.Equal(levels, g.Levels);
        Assert.Equal(pgdirShift, g.PgdirShift);
        Assert.Equal(1 << (va - pgdirShift), g.PtrsPerPgd);
        Assert.Equal(1 << (pageShift - 3), g.PtrsPerTable);
        Assert.Equal(1UL << ((pageShift - 3) * 2 + 3), g.PmdSize);
        Assert.Equal(1UL << ((pageShift - 3) * 3 + 3), g.PudSize);
    }

    [Theory]
    [InlineData(4096UL, "5.9", 30)]
    [InlineData(4096UL, "5.12", 27)]
    [InlineData(16384UL, "6.6", 27)]
    [InlineData(65536UL, "5.8", 30)]
    [InlineData(65536UL, "6.14", 29)]
    public void SectionSizeBitsFollowTheVersionBand(ulong pageSize, string version, int bits)
    {
        Arm64Geometry g = Arm64Geometry.Create(pageSize, 48, KernelProfile.Get(version));
        Assert.Equal(bits, g.SectionSizeBits);
        Assert.Equal((1UL << bits) / pageSize, g.PagesPerSection);
        Assert.Equal((2UL << 20) / pageSize, g.PagesPerSubsection);
        Assert.Equal(g.SectionSize, g.MemoryBlockSize);
    }

    [Fact]
    public void VmemmapWindowUsesEachBandsFormulaOn4K48()
    {
        // VMEMMAP_SIZE = (_PAGE_END(48) - _PAGE_OFFSET(48)) >> (PAGE_SHIFT - STRUCT_PAGE_MAX_SHIFT)
        ulong linear = unchecked((0UL - (1UL << 47)) - (0UL - (1UL << 48)));
        ulong size = linear >> (12 - 6);
        Arm64Geometry v59 = Arm64Geometry.Create(4096, 48, KernelProfile.Get("5.9"));
        Assert.Equal(size, v59.VmemmapSize);
        Assert.Equal(unchecked(0UL - size - (2UL << 20)), v59.VmemmapStart); // v5.4-v5.10: -VMEMMAP_SIZE - SZ_2M

        Arm64Geometry v66 = Arm64Geometry.Create(4096, 48, KernelProfile.Get("6.6"));
        Assert.Equal(unchecked(0UL - (1UL << (48 - (12 - 6)))), v66.VmemmapStart); // v5.11+: -(1 << (VA_BITS - VMEMMAP_SHIFT))

        Arm64Geometry v614 = Arm64Geometry.Create(4096, 48, KernelProfile.Get("6.14"));
        Assert.Equal(unchecked(0UL - (1UL << 30)), v614.VmemmapEnd); // v6.9+: VMEMMAP_END = -SZ_1G
        Assert.Equal((linear >> 12) * 64, v614.VmemmapSize);
    }

    [Fact]
    public void InvalidCombinationNamesTheValidOnes()
    {
        SimException e = Assert.Throws<SimException>(() => Arm64Geometry.Create(4096, 42, KernelProfile.Get("5.9")));
        Assert.Equal(FailureKind.InvalidGeometry, e.Kind);
        Assert.Contains("48/39", e.Message);

        SimException lpa2 = Assert.Throws<SimException>(() => Arm64Geometry.Create(4096, 52, KernelProfile.Get("6.6")));
        Assert.Contains("LPA2", lpa2.Message);
        Assert.Equal(5, Arm64Geometry.Create(4096, 52, KernelProfile.Get("6.14")).Levels);

        SimException page = Assert.Throws<SimException>(() => Arm64Geometry.Create(8192, 48, KernelProfile.Get("5.9")));
        Assert.Contains("65536", page.Message);
    }

    [Fact]
    public void CompletionOffersBothSidesOfEveryBoundary()
    {
        // the releases a user most needs to compare: last without and first with each switch
        foreach (string v in new[] { "5.8", "5.9", "5.10", "5.11", "5.12", "6.1.132", "6.2", "6.6", "6.6.84", "6.9", "6.12.20", "6.14", "6.18" })
        {
            Assert.Contains(v, KernelProfile.KnownVersions);
        }
    }
}
