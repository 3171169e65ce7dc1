using VmemmapPS.Core.Arch.Arm64;
using VmemmapPS.Core.Versions;
using System;
using System.Collections.Generic;
using System.Linq;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Units;

namespace VmemmapPS.Core;

/// <summary>Measure-Vmemmap -SystemRam: what hot-adding and onlining this much System RAM gives and costs.</summary>
public sealed class SystemRamSizingRow
{
    public ulong Size { get; init; }

    public ulong PageSize { get; init; }

    public string KernelVersion { get; init; } = string.Empty;

    /// <summary>Whether memmap_on_memory took effect (it was asked for and the release and page size allow it).</summary>
    public bool MemmapOnMemory { get; init; }

    public ulong MemoryBlocks { get; init; }

    /// <summary>What MemTotal gains: the blocks minus the pages holding their own memmap.</summary>
    public ulong MemTotalGainBytes { get; init; }

    public ulong MemmapOnMemoryBytes { get; init; }

    /// <summary>The memmap taken from system RAM (0 with memmap_on_memory).</summary>
    public ulong VmemmapFromSystemRamBytes { get; init; }

    /// <summary>Linear-map and vmemmap page tables: always from system RAM.</summary>
    public ulong PageTableBytes { get; init; }

    /// <summary>The cost of the hot-add in system RAM: memmap from RAM plus page tables.</summary>
    public ulong SystemRamUsedBytes { get; init; }

    /// <summary>What free RAM gains once the blocks are online: MemTotalGainBytes - SystemRamUsedBytes.</summary>
    public long FreeGainBytes { get; init; }
}

/// <summary>Sizing without a machine for hot-added System RAM (ACPI, CXL, dax kmem), onlined to ZONE_NORMAL.</summary>
public static class SystemRamSizing
{
    private const ulong RamBase = 0x40000000;

    /// <summary>
    /// Boots a scratch machine with enough RAM for a RAM-backed memmap, hot-adds <paramref name="size"/> of System
    /// RAM above it (rounded up to whole memory blocks) and onlines it. Throws SimException for bad input, including
    /// memmap_on_memory on a release without it.
    /// </summary>
    public static SystemRamSizingRow Estimate(ulong size, ulong pageSize, bool memmapOnMemory, string kernelVersion = KernelProfile.DefaultVersion,
        int vaBits = 0, bool rodataFull = true)
    {
        if (size == 0)
        {
            throw new SimException(FailureKind.InvalidSize, "Size must be greater than zero.", size);
        }

        KernelProfile profile = KernelProfile.Get(kernelVersion);
        Arm64Geometry g = Arm64Geometry.Create(pageSize, vaBits, profile);
        ulong blocks = (size + g.MemoryBlockSize - 1) / g.MemoryBlockSize;
        ulong bytes = blocks * g.MemoryBlockSize;
        ulong ram = 8 * ByteSize.GiB + AlignUp(bytes / 32, ByteSize.GiB);
        ulong start = AlignUp(RamBase + ram, Math.Max(g.PudSize, g.MemoryBlockSize));
        if (start + bytes < start || start + bytes - RamBase > g.PageEnd - g.PageOffset)
        {
            throw new SimException(FailureKind.OutsideMappableRange,
                $"{ByteSize.Format(bytes)} plus the RAM needed to host its memmap does not fit in the linear map of {pageSize / 1024}K/{g.VaBits}-bit VA.", size);
        }

        SimMachine machine = SimMachine.Boot(new MachineConfig
        {
            Name = "sizing", PageSize = pageSize, VaBits = g.VaBits, KernelVersion = profile.Version, RodataFull = rodataFull,
            Nodes = new List<NodeConfig> { new() { Id = 0, Ram = new List<RamRange> { new(RamBase, ram) } } },
        });
        ulong total0 = machine.SystemRamTotalBytes, free0 = machine.SystemRamFreeBytes;
        HotplugResult result = machine.AddSystemMemory(new SystemMemorySpec
        {
            Name = "ram0", Start = start, Size = bytes, MemmapOnMemory = memmapOnMemory, Online = OnlineType.Kernel,
        });
        if (!result.Success)
        {
            throw new SimException(FailureKind.InvalidState, $"The kernel cannot hot-add this range: {result.Message}.", size, result.Errno, result.FailedFunction);
        }

        UsageRow row = machine.MeasureUsage().First(r => r.Device == "ram0");
        SystemMemory s = result.SystemMemory!;
        ulong gain = machine.SystemRamTotalBytes - total0;
        long freeGain = (long)machine.SystemRamFreeBytes - (long)free0;
        return new SystemRamSizingRow
        {
            Size = bytes,
            PageSize = pageSize,
            KernelVersion = profile.Version,
            MemmapOnMemory = s.MemmapOnMemory,
            MemoryBlocks = s.MemoryBlocks,
            MemTotalGainBytes = gain,
            MemmapOnMemoryBytes = s.MemmapOnMemoryBytes,
            VmemmapFromSystemRamBytes = row.VmemmapFromSystemRamBytes,
            PageTableBytes = row.VmemmapPageTableBytes + row.LinearMapPageTableBytes,
            SystemRamUsedBytes = row.SystemRamUsedBytes,
            FreeGainBytes = freeGain,
        };
    }

    private static ulong AlignUp(ulong v, ulong a) => (v + a - 1) / a * a;
}
