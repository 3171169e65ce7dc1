using System;
using System.Collections.Generic;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Units;

namespace VmemmapPS.Core.Capture;

/// <summary>Boots what a capture describes and hot-adds its devices in address order, as the host did at boot.</summary>
public static class HostMachine
{
    public static HostMachineResult Boot(ImportedHost host, IProgress<SimProgress>? progress = null)
    {
        SimMachine machine;
        try
        {
            machine = SimMachine.Boot(host.Config, progress);
        }
        catch (SimException e) when (e.Kind == FailureKind.UnknownKernelVersion)
        {
            throw new SimException(e.Kind, $"{host.ReleaseSource}: {e.Message}", host.ReleaseSource);
        }

        machine.RecordAssumptions(host.Assumptions);
        var warnings = new List<string>(host.Warnings);
        var results = new List<HotplugResult>();
        foreach (ImportedDevice device in host.Devices)
        {
            HotplugResult result = machine.AddDevice(device.Spec, progress);
            results.Add(result);
            if (!result.Success)
            {
                warnings.Add($"{device.Spec.Name} ({device.Source}): the simulated kernel refused it ({result.Message}); the host has it.");
                continue;
            }

            foreach (DeviceMemory d in machine.Devices)
            {
                if (string.Equals(d.Name, device.Spec.Name, StringComparison.OrdinalIgnoreCase) && device.ReportedBytes is ulong reported && reported != d.UsableBytes)
                {
                    warnings.Add($"{d.Name} ({device.Source}): the host reports {ByteSize.Format(reported)} usable, the simulation {ByteSize.Format(d.UsableBytes)}.");
                }
            }
        }

        return new HostMachineResult(machine, results, warnings);
    }
}
