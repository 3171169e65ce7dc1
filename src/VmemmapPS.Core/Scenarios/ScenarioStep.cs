using System.Collections.Generic;

namespace VmemmapPS.Core.Scenarios;

public enum ScenarioStepKind
{
    /// <summary>Hot-add a device (memremap_pages / add_pages).</summary>
    Add,
    /// <summary>Hot-remove a device (memunmap_pages).</summary>
    Remove,
    /// <summary>Tear down the vmemmap of a physical range while the device stays (section_deactivate / vmemmap_free).</summary>
    RemoveVmemmap,
    /// <summary>Arm a fault on system RAM allocations.</summary>
    InjectFailure,
    /// <summary>Run the invariant checker.</summary>
    CheckInvariants,
    /// <summary>Name this point so later expectations can be written as differences 'since' it.</summary>
    Label,
    /// <summary>Run a block of steps several times.</summary>
    Repeat,
    /// <summary>Hot-add System RAM (add_memory) and online its blocks.</summary>
    AddSystemMemory,
    /// <summary>Offline and hot-remove System RAM (offline_and_remove_memory).</summary>
    RemoveSystemMemory,
    /// <summary>Online or offline memory blocks of hot-added System RAM (memoryN/state).</summary>
    SetSystemMemory,
    /// <summary>daxctl reconfigure-device: a dax device to kmem (SystemRam) or back (DevDax).</summary>
    SetDeviceMemory,
}

/// <summary>One step of a scenario, in file order, with the expectations checked right after it.</summary>
public sealed class ScenarioStep
{
    /// <summary>1-based position among its siblings (top-level steps, or the steps of a repeat).</summary>
    public int Index { get; init; }

    public ScenarioStepKind Kind { get; init; }

    /// <summary>What the step does, for result rows: "add pmem0", "injectFailure nth=1 order=9".</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>addSystemMemory: what to add (name, range, node, memmapOnMemory, online).</summary>
    public SystemMemorySpec? SystemMemory { get; init; }

    /// <summary>setSystemMemory / setDeviceMemory: how to online (None = offline); null = the machine's default.</summary>
    public OnlineType? Online { get; init; }

    /// <summary>setSystemMemory: first block (index inside the resource) and how many; null = all.</summary>
    public ulong? FirstBlock { get; init; }

    public ulong? BlockCount { get; init; }

    /// <summary>setDeviceMemory: the mode to switch to.</summary>
    public DeviceMode Mode { get; init; }

    /// <summary>setDeviceMemory: set the dax device's memmap_on_memory attribute first.</summary>
    public bool MemmapOnMemory { get; init; }

    /// <summary>Device of add/remove/setDeviceMemory, System RAM of removeSystemMemory/setSystemMemory, and optional
    /// device (altmap owner) of removeVmemmap.</summary>
    public string? Device { get; init; }

    /// <summary>removeVmemmap: physical start.</summary>
    public ulong Start { get; init; }

    /// <summary>removeVmemmap: bytes.</summary>
    public ulong Size { get; init; }

    /// <summary>injectFailure: the fault.</summary>
    public FaultSpec? Fault { get; init; }

    /// <summary>label: the label's name.</summary>
    public string? Label { get; init; }

    /// <summary>repeat: how many times the nested steps run.</summary>
    public int Times { get; init; }

    /// <summary>repeat: the nested steps.</summary>
    public IReadOnlyList<ScenarioStep> Steps { get; init; } = new List<ScenarioStep>();

    public IReadOnlyList<ScenarioExpectation> Expectations { get; init; } = new List<ScenarioExpectation>();

    public int Line { get; init; }

    public int Column { get; init; }

    public override string ToString() => Name;
}
