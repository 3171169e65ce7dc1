using VmemmapPS.Core.Versions;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Mm;
using VmemmapPS.Core.Sim;
using VmemmapPS.Core.Units;

namespace VmemmapPS.Core;

/// <summary>daxctl reconfigure-device: a device-dax range between device_dax (ZONE_DEVICE) and kmem (System RAM).</summary>
public sealed partial class SimMachine
{
    /// <summary>Throws SimException for anything the reconfigure would refuse before changing the machine.</summary>
    public void ValidateDeviceMode(string name, DeviceMode mode, bool memmapOnMemory = false)
    {
        DeviceState dev = FindOrThrow(name);
        if (dev.Type != DeviceType.DevDax && dev.Type != DeviceType.Generic)
        {
            throw new SimException(FailureKind.InvalidState,
                $"'{dev.Name}' is {dev.Type} memory, not a device-dax device: only DevDax and Generic ranges can be handed to kmem.", dev.Name);
        }

        if (mode != DeviceMode.SystemRam && mode != DeviceMode.DevDax)
        {
            throw new SimException(FailureKind.InvalidState, $"A device-dax device can be switched to DevDax or SystemRam, not {mode}.", mode);
        }

        if (dev.Mode == mode)
        {
            throw new SimException(FailureKind.InvalidState, $"'{dev.Name}' is already in {mode} mode.", dev.Name);
        }

        if (mode == DeviceMode.DevDax)
        {
            return;
        }

        if (_k.DaxKmemRange(dev.DaxStart, dev.DaxSize) is null)
        {
            throw new SimException(FailureKind.UnalignedRange,
                $"dax range {ByteSize.Hex(dev.DaxStart)}-{ByteSize.Hex(dev.DaxStart + dev.DaxSize - 1)} holds no whole {ByteSize.Format(_k.G.MemoryBlockSize)} memory block: " +
                "rejecting DAX region without any memory after alignment (dev_dax_kmem_probe).",
                dev.Name, Errno.EINVAL, "dev_dax_kmem_probe");
        }

        if (memmapOnMemory && !_k.P.Has(KernelSwitch.DaxMemmapOnMemoryAttribute))
        {
            throw new SimException(FailureKind.NotSupported,
                $"Kernel {_k.P.Version} has no memmap_on_memory attribute for dax devices (it arrived in v6.8); kmem always takes the memmap from RAM there.",
                dev.Name, Errno.ENOENT, "memmap_on_memory_store");
        }

        if (memmapOnMemory && !_k.MhpSupportsMemmapOnMemory(_k.G.MemoryBlockSize))
        {
            throw new SimException(FailureKind.NotSupported,
                $"memmap_on_memory is not available: a {ByteSize.Format(_k.G.MemoryBlockSize)} block's memmap is {_k.MemoryBlockMemmapOnMemoryPages} page(s) " +
                $"against a pageblock of {_k.PageblockNrPages} and a PMD of {ByteSize.Format(_k.G.PmdSize)} with {_k.G.PageSize / 1024}K pages (mhp_supports_memmap_on_memory).",
                dev.Name, Errno.EOPNOTSUPP, "memmap_on_memory_store");
        }
    }

    /// <summary>
    /// SystemRam: device_dax lets go (its ZONE_DEVICE memmap is released), kmem hot-adds the dax range rounded
    /// inward to memory blocks as "System RAM (kmem)" and the blocks are onlined as <paramref name="online"/> or the
    /// default online type says. DevDax: every block is offlined (stopping at the first -EBUSY, as daxctl does),
    /// kmem removes the memory and device_dax maps the range again.
    /// </summary>
    public HotplugResult SetDeviceMode(string name, DeviceMode mode, bool memmapOnMemory = false, OnlineType? online = null)
    {
        ValidateDeviceMode(name, mode, memmapOnMemory);
        DeviceState dev = FindOrThrow(name);
        string op = mode == DeviceMode.SystemRam ? "ToSystemRam" : "ToDevDax";
        return Run(op, dev.Name, null, () =>
        {
            (int rc, string? function) = mode == DeviceMode.SystemRam ? ToSystemRam(dev, memmapOnMemory, online ?? DefaultOnlineType) : ToDevDax(dev);
            return (rc, function, dev);
        }, () => _k.FindSystemRam(dev.Name) is SystemRamState r ? ToSystemMemory(r) : null);
    }

    private (int Errno, string? Function) ToSystemRam(DeviceState dev, bool memmapOnMemory, OnlineType online)
    {
        if (dev.Mode == DeviceMode.DevDax)
        {
            _k.MemunmapPages(dev); // dev_dax_remove: the ZONE_DEVICE pagemap goes first
        }

        dev.Mode = DeviceMode.Disabled;
        (int rc, string? function, SystemRamState res) = _k.DevDaxKmemProbe(dev, memmapOnMemory);
        if (rc != 0)
        {
            return (rc, function);
        }

        dev.Mode = DeviceMode.SystemRam;
        OnlineBlocks(res, online);
        return (0, null);
    }

    private (int Errno, string? Function) ToDevDax(DeviceState dev)
    {
        if (dev.Mode == DeviceMode.SystemRam)
        {
            SystemRamState res = _k.FindSystemRam(dev.Name)!;
            (int rc, string? function) = OfflineBlocks(res, 0, res.Blocks.Count);
            if (rc != 0)
            {
                return (rc, function);
            }

            _k.TryRemoveMemory(res); // dev_dax_kmem_remove -> remove_memory: every block is offline now
            dev.Mode = DeviceMode.Disabled;
        }

        dev.Altmap = dev.AltmapTemplate?.Clone(); // nd_pfn hands device_dax a fresh altmap
        (int prc, string? pfunction) = _k.PagemapRange(dev);
        if (prc == 0)
        {
            dev.Mode = DeviceMode.DevDax;
        }

        return (prc, pfunction);
    }
}
