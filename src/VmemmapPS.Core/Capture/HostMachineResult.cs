using System.Collections.Generic;

namespace VmemmapPS.Core.Capture;

/// <summary>An imported machine, the outcome of each device's hot-add, and everything worth a warning.</summary>
public sealed class HostMachineResult
{
    internal HostMachineResult(SimMachine machine, IReadOnlyList<HotplugResult> devices, IReadOnlyList<string> warnings)
    {
        Machine = machine;
        Devices = devices;
        Warnings = warnings;
    }

    public SimMachine Machine { get; }

    public IReadOnlyList<HotplugResult> Devices { get; }

    public IReadOnlyList<string> Warnings { get; }
}
