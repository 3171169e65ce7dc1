using System.Collections.Generic;
using System.Linq;
using VmemmapPS.Core;
using VmemmapPS.Core.Scenarios;

namespace VmemmapPS.RealKernel;

/// <summary>What the simulator says one guest step does.</summary>
public sealed class SimulatedStep
{
    /// <summary>False for steps the simulator cannot express (kmem: hot-added System RAM).</summary>
    public bool Simulated { get; init; } = true;

    public int Errno { get; init; }

    /// <summary>System RAM the step takes (negative when it gives RAM back).</summary>
    public long RamUsedBytes { get; init; }

    public long MemTotalDeltaBytes { get; init; }

    /// <summary>The device's usable bytes after an add that succeeded.</summary>
    public long? CapacityBytes { get; init; }

    public int Warnings { get; init; }

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
                results.Add(new SimulatedStep
                {
                    Simulated = false,
                    Note = "not simulated: the simulator has no hot-added System RAM (add_memory_driver_managed, memmap_on_memory)",
                });
                continue;
            }

            if (step.Action == GuestAction.Remove && !machine.Devices.Any(d => d.Name == step.Device.Name))
            {
                // Nothing is bound (the add failed): the driver's unbind refuses with -ENODEV and nothing changes.
                results.Add(new SimulatedStep { Errno = -19, Note = "not bound: unbind_store returns -ENODEV" });
                continue;
            }

            ulong total = machine.SystemRamTotalBytes;
            HotplugResult r = step.Action == GuestAction.Add ? machine.AddDevice(specs[step.Device.Name]) : machine.RemoveDevice(step.Device.Name);
            bool oops = step.Action == GuestAction.Add && r.Success
                && machine.CheckInvariants().Any(f => f.Check == "MemmapMapped" && f.Device == step.Device.Name);
            results.Add(new SimulatedStep
            {
                Errno = r.Success ? 0 : r.Errno,
                RamUsedBytes = -r.SystemRamDeltaBytes,
                MemTotalDeltaBytes = (long)machine.SystemRamTotalBytes - (long)total,
                CapacityBytes = step.Action == GuestAction.Add && r.Success && r.DeviceMemory is not null ? (long)r.DeviceMemory.UsableBytes : null,
                Warnings = r.Warnings.Count,
                Oops = oops,
                Note = r.Success ? null : $"{r.ErrnoName} in {r.FailedFunction}",
            });
        }

        return results;
    }
}
