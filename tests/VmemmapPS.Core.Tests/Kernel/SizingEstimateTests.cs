using System;
using System.Collections.Generic;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Units;
using VmemmapPS.Reference;
using Xunit;

namespace VmemmapPS.Core.Tests.Kernel;

/// <summary>
/// The machine-less estimates behind Measure-SystemRam and Measure-Vmemmap. Hot-added System RAM: whole memory
/// blocks (the section size on arm64), 64 bytes of memmap per page, from RAM or (memmap_on_memory) from
/// PFN_UP(block pages * 64 B) pages at each block's start; page tables as the reference derives them for the
/// placement the estimate documents (RAM at the DRAM base, the range at the next PUD boundary above it).
/// </summary>
public class SizingEstimateTests
{
    private const ulong GiB = ByteSize.GiB;


    /// <summary>The table pages the hot-add needs: its vmemmap and linear map, minus what boot already has.</summary>
    private static ulong TableBytes(RefGeometry g, ulong bytes)
    {
        ulong ram = SizingMachine.RamFor(bytes);
        var machine = new RefMachine(g, new List<(ulong, ulong)> { (KernelRig.DramBase, ram) }, rodataFull: true);
        ulong start = RefGeometry.AlignUp(KernelRig.DramBase + ram, Math.Max(g.PudSize, g.SectionSize));
        return (ulong)machine.NewTables(start, bytes) * g.PageSize;
    }

    [Theory]
    [InlineData(4096UL, false)]
    [InlineData(4096UL, true)]
    [InlineData(65536UL, false)]
    public void SystemRam_RoundsUpToWholeBlocks_AndPaysMemmapAndTables(ulong pageSize, bool memmapOnMemory)
    {
        var g = new RefGeometry(pageSize, 48, "6.14");
        ulong asked = GiB + 1;
        ulong blocks = (asked + g.SectionSize - 1) / g.SectionSize;
        ulong bytes = blocks * g.SectionSize;
        ulong onBlocks = memmapOnMemory ? blocks * g.MemmapOnMemoryPagesPerBlock * pageSize : 0;
        ulong fromRam = memmapOnMemory ? 0 : g.MemmapBytes(bytes);
        ulong tables = TableBytes(g, bytes);

        SystemRamSizingRow row = SystemRamSizing.Estimate(asked, pageSize, memmapOnMemory, "6.14");

        Assert.Equal((bytes, blocks, memmapOnMemory), (row.Size, row.MemoryBlocks, row.MemmapOnMemory));
        Assert.Equal(onBlocks, row.MemmapOnMemoryBytes);
        Assert.Equal(bytes - onBlocks, row.MemTotalGainBytes);
        Assert.Equal(fromRam, row.VmemmapFromSystemRamBytes);
        Assert.Equal(tables, row.PageTableBytes);
        Assert.Equal(fromRam + tables, row.SystemRamUsedBytes);
        Assert.Equal((long)(bytes - onBlocks) - (long)(fromRam + tables), row.FreeGainBytes);
        Assert.Equal("6.14", row.KernelVersion);
        Assert.Equal(pageSize, row.PageSize);
    }

    [Fact]
    public void SystemRam_MemmapOnMemoryWhereTheBlockCannotHoldIt_FallsBackToRam()
    {
        var g = new RefGeometry(16384, 48, "6.14");
        Assert.NotEqual(0UL, g.MemmapBytes(g.SectionSize) % g.PmdSize); // 512 KiB of memmap against a 32 MiB PMD

        SystemRamSizingRow row = SystemRamSizing.Estimate(2 * g.SectionSize, 16384, memmapOnMemory: true, "6.14");

        Assert.False(row.MemmapOnMemory);
        Assert.Equal(2 * g.SectionSize, row.MemTotalGainBytes);
        Assert.Equal(g.MemmapBytes(2 * g.SectionSize), row.VmemmapFromSystemRamBytes);
    }

    [Fact]
    public void SystemRam_NothingToAdd_IsInvalidSize()
    {
        SimException e = Assert.Throws<SimException>(() => SystemRamSizing.Estimate(0, 4096, memmapOnMemory: false));

        Assert.Equal(FailureKind.InvalidSize, e.Kind);
        Assert.Equal(0UL, e.Target);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MoreThanTheLinearMapHolds_IsOutsideMappableRange(bool systemRam)
    {
        var g = new RefGeometry(4096, 39, "6.14");
        ulong size = g.PageEnd - g.PageOffset; // the whole linear map, and the sizing machine's RAM below it

        SimException e = Assert.Throws<SimException>(() => systemRam
            ? SystemRamSizing.Estimate(size, 4096, memmapOnMemory: false, vaBits: 39)
            : VmemmapSizing.Estimate(size, 4096, altmap: false, vaBits: 39));

        Assert.Equal(FailureKind.OutsideMappableRange, e.Kind);
        Assert.Equal(size, e.Target);
        Assert.Contains("39-bit", e.Message);
    }

    [Fact]
    public void SystemRam_MemmapOnMemoryBeforeV513_IsRefusedWithEopnotsupp()
    {
        SimException e = Assert.Throws<SimException>(() => SystemRamSizing.Estimate(GiB, 4096, memmapOnMemory: true, "5.10"));

        Assert.Equal(Errno.EOPNOTSUPP, e.Errno);
    }

    [Fact]
    public void Vmemmap_NothingToAdd_IsInvalidSize()
    {
        SimException e = Assert.Throws<SimException>(() => VmemmapSizing.Estimate(0, 4096, altmap: true));

        Assert.Equal(FailureKind.InvalidSize, e.Kind);
    }

    /// <summary>The percentages are of the namespace size, to four places: map=mem pays 1/64 of it in RAM on 4K.</summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Vmemmap_Percentages_AreOfTheNamespaceSize(bool altmap)
    {
        var g = new RefGeometry(4096, 48, "6.14");
        ulong size = 64 * GiB;
        var nd = new RefNvdimmPfn(g, 0, size, mapDev: altmap);

        SizingRow row = VmemmapSizing.Estimate(size, 4096, altmap, kernelVersion: "6.14");

        Assert.Equal(Math.Round((size - nd.UsableBytes) * 100.0 / size, 4), row.DevicePercent);
        Assert.Equal(Math.Round(row.SystemRamUsedBytes * 100.0 / size, 4), row.SystemRamPercent);
        Assert.Equal(row.VmemmapPageTableBytes + row.LinearMapPageTableBytes, row.PageTableBytes);
        if (!altmap)
        {
            // the memmap, rodata_full's linear-map PTE tables (a page per PMD_SIZE) and a few more tables
            Assert.InRange(row.SystemRamPercent, 100.0 / 64 + 100.0 / 512, 100.0 / 64 + 100.0 / 512 + 0.01);
        }
        else
        {
            Assert.InRange(row.DevicePercent, 100.0 / 64, 100.0 / 64 + 0.01);   // the memmap moved to the device
        }
    }
}
