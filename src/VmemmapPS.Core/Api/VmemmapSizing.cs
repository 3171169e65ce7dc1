using System;
using VmemmapPS.Core.Arch.Arm64;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Units;
using VmemmapPS.Core.Versions;

namespace VmemmapPS.Core;

/// <summary>Sizing without a machine (Measure-Vmemmap -Size): what a namespace of this size costs.</summary>
public static class VmemmapSizing
{
    /// <summary>
    /// Throws SimException for bad input. align = null: kernel default PFN alignment.
    /// Boots a scratch machine with enough RAM, hot-adds an fsdax namespace of this size above RAM and measures it,
    /// so the numbers include alignment padding and every page-table page.
    /// </summary>
    public static SizingRow Estimate(ulong size, ulong pageSize, bool altmap, ulong? align = null, string kernelVersion = KernelProfile.DefaultVersion, int vaBits = 0, bool rodataFull = true)
    {
        if (size == 0)
        {
            throw new SimException(FailureKind.InvalidSize, "Size must be greater than zero.", size);
        }

        KernelProfile profile = KernelProfile.Get(kernelVersion);
        Arm64Geometry g = Arm64Geometry.Create(pageSize, vaBits, profile);

        ulong ram = SizingMachine.RamFor(size);
        ulong placement = Math.Max(Math.Max(ByteSize.GiB, g.SectionSize), align ?? g.PmdSize);
        ulong start = KernelAlign.Up(SizingMachine.RamBase + ram, placement);
        ulong linearSpan = g.PageEnd - g.PageOffset;
        if (!SizingMachine.Fits(start, size, g))
        {
            throw new SimException(FailureKind.OutsideMappableRange,
                $"{ByteSize.Format(size)} plus the RAM needed to host its memmap does not fit in the {ByteSize.Format(linearSpan)} linear map of {pageSize / 1024}K/{g.VaBits}-bit VA.",
                size);
        }

        SimMachine machine = SizingMachine.Boot(g, profile, rodataFull, ram);
        var spec = new DeviceSpec { Name = "pmem0", Type = DeviceType.FsDax, Start = start, Size = size, Altmap = altmap, Align = align };
        HotplugResult result = machine.AddDevice(spec);
        if (!result.Success)
        {
            throw new SimException(result.Failure == FailureKind.AltmapTooSmall ? FailureKind.AltmapTooSmall : FailureKind.InvalidState,
                $"The kernel cannot hot-add this namespace: {result.Message}.", size, result.Errno, result.FailedFunction);
        }

        UsageRow row = machine.MeasureUsage()[0];
        VmemAltmapInfo? a = machine.GetAltmap("pmem0");
        DeviceMemory dev = result.DeviceMemory!;
        return new SizingRow
        {
            Size = size,
            PageSize = pageSize,
            KernelVersion = profile.Version,
            MemmapLocation = dev.MemmapLocation,
            Align = dev.Align,
            VmemmapBytes = row.VmemmapBytes,
            AltmapReservePages = a?.Reserve ?? 0,
            AltmapFreePages = a?.Free ?? 0,
            UsableBytes = dev.UsableBytes,
            VmemmapPageTablePages = row.VmemmapPageTableBytes / pageSize,
            VmemmapPageTableBytes = row.VmemmapPageTableBytes,
            LinearMapPageTableBytes = row.LinearMapPageTableBytes,
            SystemRamUsedBytes = (ulong)Math.Max(0, -result.SystemRamDeltaBytes),
            VmemmapFromSystemRamBytes = row.VmemmapFromSystemRamBytes,
            VmemmapFromAltmapBytes = row.VmemmapFromAltmapBytes,
        };
    }
}
