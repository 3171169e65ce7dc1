using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using VmemmapPS.Core;
using VmemmapPS.Core.Arch.Arm64;
using VmemmapPS.Core.Scenarios;

namespace VmemmapPS.RealKernel;

/// <summary>What the guest does on each step: the scenario's add/remove, or handing a devdax device to kmem.</summary>
public enum GuestAction
{
    Add,
    Remove,
    Kmem,
}

/// <summary>A scenario device as the guest sees it: a pmem region in the device tree, configured as fsdax or devdax.</summary>
public sealed class GuestDevice
{
    public int Index { get; init; }

    public string Name { get; init; } = string.Empty;

    public DeviceType Type { get; init; }

    public ulong Start { get; init; }

    public ulong Size { get; init; }

    /// <summary>nvdimm map=dev (the pfn/dax device's mode 'pmem'): struct pages on the device.</summary>
    public bool MapDev { get; init; }

    /// <summary>The pfn alignment written to the device's 'align' attribute.</summary>
    public ulong Align { get; init; }
}

/// <summary>One step the guest runs, numbered as the guest prints it (1, 2, ...).</summary>
public sealed class GuestStep
{
    public int Number { get; init; }

    /// <summary>The step's position in the scenario file (kmem steps take the number of the add they follow).</summary>
    public int ScenarioIndex { get; init; }

    public string Name { get; init; } = string.Empty;

    public GuestAction Action { get; init; }

    public GuestDevice Device { get; init; } = new();

    /// <summary>For kmem steps: the dax device's memmap_on_memory.</summary>
    public bool MemmapOnMemory { get; init; }
}

/// <summary>
/// The part of a scenario a QEMU guest can run, translated into a device tree and a kernel command line: one RAM
/// range at QEMU virt's RAM base, fsdax/devdax namespaces as pmem regions in the RAM QEMU has but the guest is not
/// given (mem=), add and remove steps, and optionally kmem after each add of one devdax device.
/// Anything else is refused with <see cref="GuestPlanException"/> before anything is booted.
/// </summary>
public sealed class GuestPlan
{
    /// <summary>QEMU virt puts RAM at 1 GiB: the platform the simulator boots on by default.</summary>
    public const ulong QemuRamBase = VirtPlatform.DramBase;

    private const ulong GiB = 1UL << 30;

    private GuestPlan(Scenario scenario, List<GuestDevice> devices, List<GuestStep> steps, ulong ramBytes, int qemuMemoryGiB)
    {
        Scenario = scenario;
        Devices = devices;
        Steps = steps;
        RamBytes = ramBytes;
        QemuMemoryGiB = qemuMemoryGiB;
    }

    public Scenario Scenario { get; }

    public IReadOnlyList<GuestDevice> Devices { get; }

    public IReadOnlyList<GuestStep> Steps { get; }

    /// <summary>The guest's RAM: the scenario's one range, given to the kernel with mem=.</summary>
    public ulong RamBytes { get; }

    /// <summary>QEMU's -m: RAM plus the hidden memory the pmem regions live in.</summary>
    public int QemuMemoryGiB { get; }

    public ulong PageSize => Scenario.Machine.PageSize;

    public bool UsesKmem => Steps.Any(s => s.Action == GuestAction.Kmem);

    public static GuestPlan From(Scenario scenario, string? kmemDevice, bool memmapOnMemory)
    {
        if (scenario.IsSweep)
        {
            throw Refuse(scenario, "a sweep runs several machines; pin its values with -Set to compare one of them");
        }

        MachineConfig m = scenario.Machine;
        if (m.Nodes.Count != 1 || m.Nodes[0].Ram.Count != 1 || m.Nodes[0].Id != 0)
        {
            throw Refuse(scenario, "the guest has one NUMA node with one RAM range (node 0)");
        }

        RamRange ram = m.Nodes[0].Ram[0];
        if (ram.Start != QemuRamBase)
        {
            throw Refuse(scenario, $"QEMU virt's RAM starts at 0x{QemuRamBase:x}; the RAM range starts at 0x{ram.Start:x}");
        }

        if (!m.RodataFull)
        {
            throw Refuse(scenario, "Debian's kernels map hot-added memory page by page (rodata=full, KFENCE); write rodataFull: true");
        }

        var devices = new List<GuestDevice>();
        ulong ramEnd = ram.Start + ram.Size;
        ulong highest = ramEnd;
        foreach (DeviceSpec d in scenario.Devices)
        {
            if (d.Type is not (DeviceType.FsDax or DeviceType.DevDax))
            {
                throw Refuse(scenario, $"device '{d.Name}' is {d.Type}; the guest offers nvdimm namespaces only (FsDax, DevDax)", d.Name);
            }

            if (d.AltmapReservePages is not null || d.AltmapFreePages is not null)
            {
                throw Refuse(scenario, $"device '{d.Name}' has an explicit altmap; a real namespace's altmap follows from its info block", d.Name);
            }

            if (d.Node != 0)
            {
                throw Refuse(scenario, $"device '{d.Name}' is on node {d.Node}; the guest has node 0 only", d.Name);
            }

            if (d.Start < ramEnd)
            {
                throw Refuse(scenario, $"device '{d.Name}' starts at 0x{d.Start:x}, inside the guest's RAM (ends at 0x{ramEnd:x}); pmem regions live above it", d.Name);
            }

            highest = Math.Max(highest, d.Start + d.Size);
            devices.Add(new GuestDevice
            {
                Index = devices.Count,
                Name = d.Name,
                Type = d.Type,
                Start = d.Start,
                Size = d.Size,
                MapDev = d.Altmap,
                Align = d.Align ?? DefaultAlign(m.PageSize),
            });
        }

        GuestDevice? kmem = null;
        if (!string.IsNullOrEmpty(kmemDevice))
        {
            kmem = devices.FirstOrDefault(d => string.Equals(d.Name, kmemDevice, StringComparison.Ordinal));
            if (kmem is null || kmem.Type != DeviceType.DevDax)
            {
                throw Refuse(scenario, kmem is null
                    ? $"-KmemDevice names '{kmemDevice}', which the scenario does not have"
                    : $"-KmemDevice names '{kmemDevice}', which is {kmem.Type}; kmem takes a DevDax device", kmemDevice);
            }
        }

        var steps = new List<GuestStep>();
        foreach (ScenarioStep step in scenario.Steps)
        {
            switch (step.Kind)
            {
                case ScenarioStepKind.Add or ScenarioStepKind.Remove:
                    GuestDevice device = devices.First(d => d.Name == step.Device);
                    if (kmem is not null && device == kmem && step.Kind == ScenarioStepKind.Remove)
                    {
                        throw Refuse(scenario, $"step {step.Index} removes '{device.Name}', which kmem holds as System RAM; the guest does not offline and remove it", device.Name);
                    }

                    steps.Add(new GuestStep
                    {
                        Number = steps.Count + 1,
                        ScenarioIndex = step.Index,
                        Name = step.Name,
                        Action = step.Kind == ScenarioStepKind.Add ? GuestAction.Add : GuestAction.Remove,
                        Device = device,
                    });
                    if (kmem is not null && device == kmem && step.Kind == ScenarioStepKind.Add)
                    {
                        steps.Add(new GuestStep
                        {
                            Number = steps.Count + 1,
                            ScenarioIndex = step.Index,
                            Name = $"kmem {device.Name} memmap_on_memory={(memmapOnMemory ? 1 : 0)}",
                            Action = GuestAction.Kmem,
                            Device = device,
                            MemmapOnMemory = memmapOnMemory,
                        });
                    }

                    break;
                case ScenarioStepKind.Label or ScenarioStepKind.CheckInvariants:
                    // Nothing for the guest to do; expectations are Invoke-SimScenario's business.
                    break;
                default:
                    throw Refuse(scenario, $"step {step.Index} ({step.Name}) is a {step.Kind} step; the guest runs add and remove only", step.Name);
            }
        }

        if (steps.Count == 0)
        {
            throw Refuse(scenario, "the scenario has no add or remove step for the guest to run");
        }

        int qemuGiB = (int)((highest - QemuRamBase + GiB - 1) / GiB);
        return new GuestPlan(scenario, devices, steps, ram.Size, qemuGiB);
    }

    /// <summary>The kernel's default pfn alignment: PMD_SIZE (nd_pfn_default_alignment with THP).</summary>
    private static ulong DefaultAlign(ulong pageSize) => pageSize * (pageSize / 8);

    /// <summary>Nodes to merge into QEMU's own device tree: the memory node cut to the guest's RAM, one pmem region per device.</summary>
    public string DeviceTreeAddition()
    {
        var s = new StringBuilder();
        s.Append("\n/ {\n");
        s.Append($"\tmemory@{QemuRamBase:x} {{\n\t\treg = <{Cells(QemuRamBase)} {Cells(RamBytes)}>;\n\t}};\n");
        foreach (GuestDevice d in Devices)
        {
            s.Append($"\tpmem@{d.Start:x} {{\n\t\tcompatible = \"pmem-region\";\n\t\tnuma-node-id = <0x00>;\n");
            s.Append($"\t\treg = <{Cells(d.Start)} {Cells(d.Size)}>;\n\t}};\n");
        }

        s.Append("};\n");
        return s.ToString();
    }

    /// <summary>The guest runner's arguments (see guest-init.sh) plus what the steps need from the kernel.</summary>
    public string KernelCommandLine()
    {
        var args = new List<string>
        {
            "console=ttyAMA0",
            $"mem={RamBytes / 1024}K",
            // Only emergencies on the console: the runner prints dmesg itself, between its own markers.
            "loglevel=1",
            // An Oops in a probe does not panic; a panic elsewhere ends the run instead of waiting for the timeout.
            "panic=-1",
        };
        if (UsesKmem)
        {
            // memmap_on_memory of a dax device only counts when the global switch is on; blocks stay offline so the
            // runner onlines them itself (Debian's kernels online hot-added memory on their own).
            args.Add("memory_hotplug.memmap_on_memory=1");
            args.Add("memhp_default_state=offline");
        }

        args.Add("vps.d=" + string.Join(",", Devices.Select(d =>
            $"{d.Start:x}:{(d.Type == DeviceType.FsDax ? "fsdax" : "devdax")}:{(d.MapDev ? "dev" : "mem")}:{d.Align.ToString(CultureInfo.InvariantCulture)}")));
        args.Add("vps.steps=" + string.Join(",", Steps.Select(s => s.Action switch
        {
            GuestAction.Add => $"add:{s.Device.Index}",
            GuestAction.Remove => $"remove:{s.Device.Index}",
            _ => $"kmem:{s.Device.Index}:{(s.MemmapOnMemory ? 1 : 0)}",
        })));
        return string.Join(" ", args);
    }

    private static string Cells(ulong value) => $"0x{value >> 32:x} 0x{value & 0xffffffff:x}";

    private static GuestPlanException Refuse(Scenario scenario, string reason, object? target = null) =>
        new($"Scenario '{scenario.Name}' cannot run in the guest: {reason}.", target ?? scenario.Path);
}

/// <summary>A scenario outside what a QEMU guest can express.</summary>
public sealed class GuestPlanException : Exception
{
    public GuestPlanException(string message, object target)
        : base(message)
    {
        Target = target;
    }

    public object Target { get; }
}
