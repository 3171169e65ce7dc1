using System.Collections.Generic;

namespace VmemmapPS.Core.Capture;

/// <summary>What a capture describes, ready to boot: the machine, its devices, and what had to be assumed.</summary>
public sealed class ImportedHost
{
    internal ImportedHost(MachineConfig config, string releaseSource, IReadOnlyList<ImportedDevice> devices, IReadOnlyList<string> assumptions, IReadOnlyList<string> warnings)
    {
        Config = config;
        ReleaseSource = releaseSource;
        Devices = devices;
        Assumptions = assumptions;
        Warnings = warnings;
    }

    public MachineConfig Config { get; }

    /// <summary>Where the kernel release came from (uname-r.txt or -KernelRelease), for messages.</summary>
    public string ReleaseSource { get; }

    /// <summary>Devices in address order, as they are to be hot-added.</summary>
    public IReadOnlyList<ImportedDevice> Devices { get; }

    /// <summary>What the capture could not tell and the importer chose, one sentence each.</summary>
    public IReadOnlyList<string> Assumptions { get; }

    /// <summary>What the capture says that the simulator does not model or that does not add up.</summary>
    public IReadOnlyList<string> Warnings { get; }
}
