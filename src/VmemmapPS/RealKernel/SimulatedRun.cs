using System.Collections.Generic;
using System.Linq;
using VmemmapPS.Core;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Scenarios;

namespace VmemmapPS.RealKernel;

/// <summary>What the simulator says one guest step does.</summary>
public sealed class SimulatedStep
{
    /// <summary>False for steps the simulator cannot express.</summary>
    public bool Simulated { get; init; } = true;

    public int Errno { get; init; }

    /// <summary>System RAM the step takes (negative when it gives RAM back).</summary>
    public long RamUsedBytes { get; init; }

    public long MemTotalDeltaBytes { get; init; }

    /// <summary>The device's usable bytes after an add that succeeded.</summary>
    public long? CapacityBytes { get; init; }

    public int Warnings { get; init; }

    /// <summary>For kmem steps: the memory blocks kmem hot-added (and the guest onlined).</summary>
    public long? MemoryBlocks { get; init; }

    /// <summary>For kmem steps: the dax device's memmap_on_memory attribute once the guest has written it.</summary>
    public bool MemmapOnMemory { get; init; }

    /// <summary>
    /// The invariant checker found struct pages of the device left unmapped: memmap_init_zone_device, which writes
    /// every struct page of the range right after the hot-add, faults on them.
    /// </summary>
    public bool Oops { get; init; }

    public string? Note { get; init; }
}

/// <summary>Runs a guest plan's steps on a simulated machine booted from the scenario (with the booted kernel's release).</summary>
public static class SimulatedRun
{
    public static IReadOnlyList<SimulatedStep> Run(GuestPlan plan, Scenario scenario)
    {
        SimMachine machine = SimMachine.Boot(scenario.Machine);
        var specs = scenario.Devices.ToDictionary(d => d.Name);
        var results = new List<SimulatedStep>();
        foreach (GuestStep step in plan.Steps)
        {
            if (step.Action == GuestAction.Kmem)
            {
                results.Add(Kmem(machine, step));
                continue;
            }

            if (step.Action == GuestAction.Remove && !machine.Devices.Any(d => d.Name == step.Device.Name))
            {
                // Nothing is bound (the add failed): the driver's unbind refuses with -ENODEV and nothing changes.
                results.Add(new SimulatedStep { Errno = Errno.ENODEV, Note = "not bound: unbind_store returns -ENODEV" });
                continue;
            }

            ulong total = machine.SystemRamTotalBytes;
            HotplugResult r = step.Action == GuestAction.Add ? machine.AddDevice(specs[step.Device.Name]) : machine.RemoveDevice(step.Device.Name);
            bool added = step.Action == GuestAction.Add && r.Success;
            results.Add(Outcome(machine, r, total,
                capacity: added && r.DeviceMemory is not null ? (long)r.DeviceMemory.UsableBytes : null,
                oops: added && machine.CheckInvariants().Any(f => f.Check == "MemmapMapped" && f.Device == step.Device.Name)));
        }

        return results;
    }

    /// <summary>
    /// The guest's kmem step as daxctl reconfigure-device --mode=system-ram does it: device_dax lets go, kmem hot-adds
    /// the range with the dax device's memmap_on_memory, and every block is onlined to ZONE_MOVABLE (the guest boots
    /// with memhp_default_state=offline and writes online_movable to each block itself).
    /// </summary>
    private static SimulatedStep Kmem(SimMachine machine, GuestStep step)
    {
        // The guest writes the dax device's memmap_on_memory attribute before it binds kmem; a refused write
        // (-EOPNOTSUPP on 16K/64K, no attribute before v6.8) leaves the attribute 0 and kmem binds without it.
        bool memmapOnMemory = step.MemmapOnMemory;
        string? refused = null;
        if (memmapOnMemory)
        {
            try
            {
                machine.ValidateDeviceMode(step.Device.Name, DeviceMode.SystemRam, memmapOnMemory: true);
            }
            catch (SimException e) when (e.Kind == FailureKind.NotSupported)
            {
                memmapOnMemory = false;
                refused = $"memmap_on_memory write refused ({e.ErrnoName}): {e.Message}";
            }
            catch (SimException)
            {
                // Refused for a reason kmem's bind meets too: reported by the bind below.
            }
        }

        ulong total = machine.SystemRamTotalBytes;
        HotplugResult r;
        try
        {
            r = machine.SetDeviceMode(step.Device.Name, DeviceMode.SystemRam, memmapOnMemory, OnlineType.Movable);
        }
        catch (SimException e)
        {
            // kmem's probe refused before anything changed (dev_dax_kmem_probe's checks).
            return new SimulatedStep { Errno = e.Errno != 0 ? e.Errno : Errno.EINVAL, MemmapOnMemory = memmapOnMemory, Note = e.Message };
        }

        SystemMemory? ram = r.Success ? r.SystemMemory : null;
        return Outcome(machine, r, total, blocks: ram is null ? null : (long)ram.MemoryBlocks, memmapOnMemory: memmapOnMemory, successNote: refused);
    }

    /// <summary>What a hot-add, remove or kmem step did, read from its result and the machine's MemTotal before it.</summary>
    private static SimulatedStep Outcome(SimMachine machine, HotplugResult r, ulong totalBefore, long? capacity = null, bool oops = false,
        long? blocks = null, bool memmapOnMemory = false, string? successNote = null) => new()
    {
        Errno = r.Success ? 0 : r.Errno,
        RamUsedBytes = -r.SystemRamDeltaBytes,
        MemTotalDeltaBytes = (long)machine.SystemRamTotalBytes - (long)totalBefore,
        CapacityBytes = capacity,
        Warnings = r.Warnings.Count,
        Oops = oops,
        MemoryBlocks = blocks,
        MemmapOnMemory = memmapOnMemory,
        Note = r.Success ? successNote : $"{r.ErrnoName} in {r.FailedFunction}",
    };
}
