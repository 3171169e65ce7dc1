using System.Linq;
using VmemmapPS.Core.Units;
using VmemmapPS.Reference;
using Xunit;

namespace VmemmapPS.Core.Tests.Kernel;

/// <summary>
/// Boot (docs/kernel-model.md#boot): sparse_init populates the memmap of every present section and map_mem builds the
/// linear map of RAM; the tables below the PGD match the reference layout exactly.
/// </summary>
public class BootTests
{
    [Theory]
    [InlineData(4096UL, "5.9", true)]
    [InlineData(4096UL, "5.9", false)]
    [InlineData(4096UL, "6.14", true)]
    [InlineData(16384UL, "5.12", true)]
    [InlineData(16384UL, "6.6", false)]
    [InlineData(65536UL, "5.9", true)]
    [InlineData(65536UL, "6.14", false)]
    public void BootTables_AreThoseOfTheRamMemmapAndLinearMap(ulong pageSize, string version, bool rodataFull)
    {
        var rig = KernelRig.Boot(pageSize: pageSize, version: version, rodataFull: rodataFull);
        RefGeometry g = rig.G;

        Assert.Equal(rig.Ref.BootVmemmap.Total, rig.Machine.GetTablePages(PageTableRegion.Vmemmap).Count(t => t.Level > g.TopLevel));
        Assert.Equal(rig.Ref.BootLinear.Total, rig.Machine.GetTablePages(PageTableRegion.Linear).Count(t => t.Level > g.TopLevel));
        // rodata_full: one PTE table per PMD_SIZE of RAM; otherwise block mappings and no PTE tables.
        Assert.Equal(rodataFull ? (int)(KernelRig.DramSize / g.PmdSize) : 0, rig.Machine.GetTablePages(PageTableRegion.Linear, 3).Count);
        ulong ramEnd = KernelRig.DramBase + KernelRig.DramSize;
        ulong memmap = g.MemmapBytes(RefGeometry.AlignUp(ramEnd, g.SectionSize) - RefGeometry.AlignDown(KernelRig.DramBase, g.SectionSize));
        Assert.Equal(memmap, rig.Machine.GetVmemmapMappings().Where(m => m.Device == null).Aggregate(0UL, (s, m) => s + m.Size));
        Assert.NotNull(rig.Machine.TranslateVirtual(rig.Ref.StructPageVa(KernelRig.DramBase)));
        Assert.NotNull(rig.Machine.TranslateVirtual(rig.Ref.StructPageVa(ramEnd - g.PageSize)));
        Assert.Equal(ramEnd - g.PageSize, rig.Machine.TranslateVirtual(rig.Ref.LinearVa(ramEnd - g.PageSize)));
        // RAM less the kernel image, the boot memmap and the boot tables; the baseline is that same figure.
        Assert.Equal(KernelRig.DramSize - RefMachine.MaxKernelImageBytes - memmap - (ulong)rig.Ref.BootTables.Total * g.PageSize,
            rig.Machine.SystemRamFreeBytes);
        Assert.Equal(rig.FreeAfterBoot, rig.Machine.BaselineFreeBytes);
        Assert.Empty(rig.Machine.CheckInvariants());
    }

    /// <summary>Table pages are real pages of RAM with the geometry's entry count and span at every level.</summary>
    [Theory]
    [InlineData(4096UL, 48)]
    [InlineData(4096UL, 39)]
    [InlineData(16384UL, 48)]
    [InlineData(16384UL, 36)]
    [InlineData(65536UL, 42)]
    [InlineData(65536UL, 52)]
    public void TablePages_HaveTheGeometrysEntriesAndSpans(ulong pageSize, int vaBits)
    {
        var rig = KernelRig.Boot(pageSize: pageSize, version: "6.6", vaBits: vaBits);
        RefGeometry g = rig.G;
        Assert.True(rig.Add(KernelRig.Generic("d0", 16 * ByteSize.GiB, 4 * g.SectionSize)).Success);   // above RAM, inside even a 32 GiB linear map

        foreach (TablePageInfo t in rig.Machine.GetTablePages())
        {
            bool top = t.Level == g.TopLevel;
            Assert.Equal(top ? (int)g.PtrsPerPgd : (int)g.PtrsPerTable, t.EntriesTotal);
            Assert.Equal((ulong)t.EntriesTotal * g.EntrySize(t.Level), t.Span);
            Assert.Equal(0UL, t.VirtualBase % t.Span);
            Assert.Equal(0UL, t.PhysAddr % g.PageSize);
            Assert.True(t.PhysAddr >= KernelRig.DramBase && t.PhysAddr < KernelRig.DramBase + KernelRig.DramSize);
            Assert.InRange(t.EntriesUsed, 0, t.EntriesTotal);
        }
    }
}
