using System;

namespace VmemmapPS.Core;

/// <summary>Measure-Vmemmap without a machine: what a namespace of this size costs.</summary>
public sealed class SizingRow
{
    public ulong Size { get; init; }

    public ulong PageSize { get; init; }

    public string KernelVersion { get; init; } = string.Empty;

    public MemmapLocation MemmapLocation { get; init; }

    public ulong Align { get; init; }

    public ulong VmemmapBytes { get; init; }

    public ulong AltmapReservePages { get; init; }

    public ulong AltmapFreePages { get; init; }

    public ulong UsableBytes { get; init; }

    public ulong VmemmapPageTablePages { get; init; }

    public ulong VmemmapPageTableBytes { get; init; }

    public ulong LinearMapPageTableBytes { get; init; }

    public ulong SystemRamUsedBytes { get; init; }

    /// <summary>struct pages taken from system RAM (map=mem), as in the machine's usage row.</summary>
    public ulong VmemmapFromSystemRamBytes { get; init; }

    /// <summary>struct pages stored on the device through its vmem_altmap (map=dev).</summary>
    public ulong VmemmapFromAltmapBytes { get; init; }

    /// <summary>Vmemmap plus linear-map page-table bytes (always system RAM).</summary>
    public ulong PageTableBytes => VmemmapPageTableBytes + LinearMapPageTableBytes;

    /// <summary>SystemRamUsedBytes as a percentage of Size.</summary>
    public double SystemRamPercent => Size == 0 ? 0 : Math.Round(SystemRamUsedBytes * 100.0 / Size, 4);

    /// <summary>Device capacity not usable as data (info block, memmap on the device, alignment) as a percentage of Size.</summary>
    public double DevicePercent => Size == 0 ? 0 : Math.Round((Size - UsableBytes) * 100.0 / Size, 4);
}
