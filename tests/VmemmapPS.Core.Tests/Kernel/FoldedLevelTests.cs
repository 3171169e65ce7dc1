using VmemmapPS.Core.Units;
using VmemmapPS.Reference;
using Xunit;

namespace VmemmapPS.Core.Tests.Kernel;

/// <summary>
/// Geometries with folded levels (docs/kernel-model.md#page-table-geometry): the top-level table is static, free_empty_pud_table returns early with
/// three levels and free_empty_pmd_table with two, so only the levels below the PGD are allocated and freed.
///
///   4K/39:  PGD(PUD level, 1 GiB entries) -> PMD -> PTE        64K/42: PGD(PMD level, 512 MiB) -> PTE
///   16K/36: PGD(PMD level, 32 MiB entries) -> PTE              16K/47, 64K/48, 64K/52: 3 levels
///   4K/52, 16K/52 (LPA2, v6.9+): five / four levels, the P4D level freed only with pgtable_l5_enabled
/// </summary>
public class FoldedLevelTests
{
    [Theory]
    [InlineData(4096UL, 39, "5.9")]
    [InlineData(4096UL, 39, "6.6")]
    [InlineData(16384UL, 36, "5.12")]
    [InlineData(16384UL, 47, "6.6")]
    [InlineData(65536UL, 42, "5.9")]
    [InlineData(65536UL, 42, "6.14")]
    [InlineData(65536UL, 52, "6.6")]
    [InlineData(4096UL, 52, "6.14")]     // LPA2: five levels, P4D tables freed by free_empty_p4d_table
    [InlineData(16384UL, 52, "6.14")]
    public void AddThenRemove_AllocatesAndFreesOnlyTheLevelsBelowThePgd(ulong pageSize, int vaBits, string version)
    {
        var rig = KernelRig.Boot(pageSize: pageSize, version: version, vaBits: vaBits);
        RefGeometry g = rig.G;
        ulong start = 16 * ByteSize.GiB;                      // inside even the 32 GiB linear map of 16K/36
        ulong size = 8 * ByteSize.GiB;
        Assert.True(start + size - rig.Ref.Memstart <= g.PageEnd - g.PageOffset);
        TableSet vmemmap = rig.Ref.VmemmapTables(start, size);
        int newVmemmap = vmemmap.Except(rig.Ref.BootVmemmap).Count;
        int newLinear = rig.Ref.NewLinearTables(start, size);
        int before = rig.Machine.GetTablePages().Count;
        int topLevelBefore = rig.Machine.GetTablePages(level: g.TopLevel).Count;

        HotplugResult added = rig.Add(KernelRig.Generic("d0", start, size));

        Assert.True(added.Success, added.Message);
        Assert.Equal(before + newVmemmap + newLinear, rig.Machine.GetTablePages().Count);
        Assert.Equal(topLevelBefore, rig.Machine.GetTablePages(level: g.TopLevel).Count);   // the PGD is static
        Assert.Equal(g.MemmapBytes(size) / (rig.Ref.FullSectionLeafLevel == 2 ? g.PmdSize : g.PageSize), rig.LeafEntries("d0", rig.Ref.FullSectionLeafLevel));
        Assert.Equal(-(long)(g.MemmapBytes(size) + (ulong)(newVmemmap + newLinear) * g.PageSize), added.SystemRamDeltaBytes);
        Assert.Empty(rig.Machine.CheckInvariants());

        HotplugResult removed = rig.Machine.RemoveDevice("d0");

        Assert.True(removed.Success, removed.Message);
        Assert.Equal(before, rig.Machine.GetTablePages().Count);
        rig.AssertRamBackToBoot();
        Assert.Empty(rig.Machine.CheckInvariants());
    }

    /// <summary>
    /// rodata_full off with a range that is not 1 GiB aligned: __create_pgd_mapping uses PUD blocks where a
    /// whole aligned GiB fits and PMD blocks for the 2 MiB-aligned edges, so PMD tables but no PTE tables.
    ///
    ///   linear:  |  PUD entry n: PMD table, 511 blocks  | PUD block | PUD entry n+2: PMD table, 1 block |
    /// </summary>
    [Fact]
    public void RodataOff_UnalignedRange_PudAndPmdBlocksNoPteTables()
    {
        var rig = KernelRig.Boot(version: "5.9", rodataFull: false);
        RefGeometry g = rig.G;
        ulong start = 0x400_0000_0000UL + g.PmdSize;
        ulong size = 2 * ByteSize.GiB;
        TableSet linear = rig.Ref.LinearTables(start, size);
        int newLinear = linear.Except(rig.Ref.BootLinear).Count;
        Assert.Equal(0, linear.At(3));
        int raggedPudEntries = (start % g.PudSize != 0 ? 1 : 0) + ((start + size) % g.PudSize != 0 ? 1 : 0);
        Assert.Equal(raggedPudEntries, linear.At(2));          // only the ragged PUD entries need a PMD table
        int ptesBefore = rig.Machine.GetTablePages(PageTableRegion.Linear, 3).Count;

        HotplugResult r = rig.Add(KernelRig.Generic("d0", start, size));

        Assert.True(r.Success, r.Message);
        Assert.Equal((ulong)newLinear * g.PageSize, rig.Usage("d0").LinearMapPageTableBytes);
        Assert.Equal(ptesBefore, rig.Machine.GetTablePages(PageTableRegion.Linear, 3).Count);
        Assert.Equal(start, rig.Machine.TranslateVirtual(rig.Ref.LinearVa(start)));
        Assert.Equal(start + size - 1, rig.Machine.TranslateVirtual(rig.Ref.LinearVa(start + size - 1)));
    }
}
