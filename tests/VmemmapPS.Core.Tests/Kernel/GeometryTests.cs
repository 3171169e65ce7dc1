using System.Collections.Generic;
using System.Linq;
using VmemmapPS.Core.Arch.Arm64;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Versions;
using VmemmapPS.Reference;
using Xunit;

namespace VmemmapPS.Core.Tests.Kernel;

/// <summary>docs/kernel-model.md#arm64-geometry: every constant of every valid (granule, VA_BITS, band) recomputed from the kernel macros.</summary>
public class GeometryTests
{
    // Kconfig ARM64_VA_BITS_*: 4K 39/48 (52 needs LPA2, v6.9+); 16K 36/47/48 (52 with LPA2); 64K 42/48/52.
    public static IEnumerable<object[]> ValidCombinations()
    {
        foreach (string v in KernelVersions.Profiles)
        {
            bool lpa2 = KernelVersions.AtLeast(v, 6, 9);
            foreach (int va in lpa2 ? new[] { 39, 48, 52 } : new[] { 39, 48 })
            {
                yield return new object[] { 4096UL, va, v };
            }

            foreach (int va in lpa2 ? new[] { 36, 47, 48, 52 } : new[] { 36, 47, 48 })
            {
                yield return new object[] { 16384UL, va, v };
            }

            foreach (int va in new[] { 42, 48, 52 })
            {
                yield return new object[] { 65536UL, va, v };
            }
        }
    }

    [Theory]
    [MemberData(nameof(ValidCombinations))]
    public void PageTableShape_MatchesHwdefFormulas(ulong pageSize, int vaBits, string version)
    {
        var expected = new RefGeometry(pageSize, vaBits, version);
        Arm64Geometry g = Arm64Geometry.Create(pageSize, vaBits, KernelProfile.Get(version));

        Assert.Equal(pageSize, g.PageSize);
        Assert.Equal(expected.PageShift, g.PageShift);
        Assert.Equal(vaBits, g.VaBits);
        Assert.Equal(expected.Levels, g.Levels);
        Assert.Equal((int)expected.PtrsPerTable, g.PtrsPerTable);
        Assert.Equal(expected.PgdirShift, g.PgdirShift);
        Assert.Equal((int)expected.PtrsPerPgd, g.PtrsPerPgd);
        Assert.Equal(expected.PmdSize, g.PmdSize);
        Assert.Equal(64UL, g.StructPageSize);
        if (expected.Levels >= 4)
        {
            // PUD_SIZE is a real level only with 4 levels (3 levels: it is the PGD entry size, still 2^PUD_SHIFT).
            Assert.Equal(expected.PudSize, g.PudSize);
        }
    }

    [Theory]
    [MemberData(nameof(ValidCombinations))]
    public void VmemmapWindow_FollowsTheVersionBandFormula(ulong pageSize, int vaBits, string version)
    {
        var expected = new RefGeometry(pageSize, vaBits, version);
        Arm64Geometry g = Arm64Geometry.Create(pageSize, vaBits, KernelProfile.Get(version));

        Assert.Equal(expected.PageOffset, g.PageOffset);
        Assert.Equal(expected.VmemmapSize, g.VmemmapSize);
        Assert.Equal(expected.VmemmapStart, g.VmemmapStart);
        Assert.Equal(expected.VmemmapEnd, g.VmemmapEnd);
        if (vaBits <= 48)
        {
            // PAGE_END = _PAGE_END(VA_BITS_MIN) without KASAN; for 52-bit it depends on vabits_actual.
            Assert.Equal(expected.PageEnd, g.PageEnd);
        }
    }

    [Theory]
    [MemberData(nameof(ValidCombinations))]
    public void Sparsemem_SectionsSubsectionsAndMemoryBlocks(ulong pageSize, int vaBits, string version)
    {
        var expected = new RefGeometry(pageSize, vaBits, version);
        Arm64Geometry g = Arm64Geometry.Create(pageSize, vaBits, KernelProfile.Get(version));

        Assert.Equal(expected.SectionSizeBits, g.SectionSizeBits);
        Assert.Equal(expected.SectionSize, g.SectionSize);
        Assert.Equal(expected.PagesPerSection, g.PagesPerSection);
        Assert.Equal(expected.SubsectionSize, g.SubsectionSize);
        Assert.Equal(expected.PagesPerSubsection, g.PagesPerSubsection);
        // arm64 keeps the default memory_block_size_bytes() = MIN_MEMORY_BLOCK_SIZE = 1 << SECTION_SIZE_BITS (docs/kernel-model.md#memory-block-size).
        Assert.Equal(expected.SectionSize, g.MemoryBlockSize);
    }

    [Fact]
    public void Table_4K48_OnTheSeedKernel_SpotCheck()
    {
        // The 4K/48 geometry spelled out once, each still derived: 4 levels of 512 entries.
        Arm64Geometry g = Arm64Geometry.Create(4096, 48, KernelProfile.Get("5.9"));
        int bitsPerLevel = 12 - 3;
        Assert.Equal((48 - 4) / bitsPerLevel, g.Levels);
        Assert.Equal(bitsPerLevel * 4 + 3, g.PgdirShift);
        Assert.Equal(1 << (48 - (bitsPerLevel * 4 + 3)), g.PtrsPerPgd);
        ulong vmemmapSize = (1UL << 47) / 4096 * 64;                      // 128 TiB linear span of struct pages
        Assert.Equal(unchecked(0UL - vmemmapSize - (2UL << 20)), g.VmemmapStart);
    }

    [Theory]
    [InlineData(4096UL, 42, "5.9")]
    [InlineData(4096UL, 36, "5.9")]
    [InlineData(4096UL, 52, "5.9")]   // 4K 52-bit VA needs LPA2 (v6.9+)
    [InlineData(16384UL, 52, "6.6")]  // same for 16K
    [InlineData(16384UL, 39, "6.14")]
    [InlineData(65536UL, 39, "5.9")]
    [InlineData(65536UL, 47, "6.14")]
    [InlineData(8192UL, 48, "5.9")]   // no 8K granule on arm64
    [InlineData(0UL, 48, "5.9")]
    public void InvalidCombination_ThrowsInvalidGeometry(ulong pageSize, int vaBits, string version)
    {
        SimException e = Assert.Throws<SimException>(() => Arm64Geometry.Create(pageSize, vaBits, KernelProfile.Get(version)));
        Assert.Equal(FailureKind.InvalidGeometry, e.Kind);
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
    }

    [Theory]
    [InlineData(4096UL, new[] { 39, 48 }, new[] { 39, 48, 52 })]
    [InlineData(16384UL, new[] { 36, 47, 48 }, new[] { 36, 47, 48, 52 })]
    [InlineData(65536UL, new[] { 42, 48, 52 }, new[] { 42, 48, 52 })]
    public void ValidVaBits_AreKconfigsChoices_DefaultFirst(ulong pageSize, int[] always, int[] withLpa2)
    {
        IReadOnlyList<int> valid = Arm64Geometry.ValidVaBits(pageSize);
        Assert.Equal(48, valid[0]);
        Assert.All(always, va => Assert.Contains(va, valid));
        Assert.All(valid, va => Assert.Contains(va, withLpa2));
    }

    [Fact]
    public void Boot_WithInvalidGeometry_Throws()
    {
        SimException e = Assert.Throws<SimException>(() => SimMachine.Boot(new MachineConfig { PageSize = 4096, VaBits = 42 }));
        Assert.Equal(FailureKind.InvalidGeometry, e.Kind);
    }

    [Fact]
    public void DefaultIs59_AndReleasesBefore58AreRefusedWithTheRange()
    {
        Assert.Equal("5.9", KernelProfile.DefaultVersion);
        Assert.Equal("5.9", KernelProfile.Get(null).Upstream);
        SimException e = Assert.Throws<SimException>(() => KernelProfile.Get("4.19"));
        Assert.Equal(FailureKind.UnknownKernelVersion, e.Kind);
        Assert.Contains("5.8 to 6.18", e.Message);
    }
}
