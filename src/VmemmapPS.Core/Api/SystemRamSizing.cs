using System;
using System.Linq;
using VmemmapPS.Core.Arch.Arm64;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Units;
using VmemmapPS.Core.Versions;

namespace VmemmapPS.Core;

/// <summary>Sizing without a machine for hot-added System RAM (ACPI, CXL, dax kmem), onlined to ZONE_NORMAL.</summary>
public static class SystemRamSizing
{
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
        ulong ram = SizingMachine.RamFor(bytes);
        ulong start = KernelAlign.Up(SizingMachine.RamBase + ram, Math.Max(g.PudSize, g.MemoryBlockSize));
        if (!SizingMachine.Fits(start, bytes, g))
        {
            throw new SimException(FailureKind.OutsideMappableRange,
                $"{ByteSize.Format(bytes)} plus the RAM needed to host its memmap does not fit in the linear map of {pageSize / 1024}K/{g.VaBits}-bit VA.", size);
        }

        SimMachine machine = SizingMachine.Boot(g, profile, rodataFull, ram);
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
}
