using System;
using System.Collections.Generic;
using System.Linq;
using VmemmapPS.Core.Scenarios.Yaml;
using VmemmapPS.Core.Sim;
using VmemmapPS.Core.Units;

namespace VmemmapPS.Core.Scenarios.Binding;

/// <summary>
/// The System RAM steps: addSystemMemory (the range is written in the step), removeSystemMemory,
/// setSystemMemory (block states) and setDeviceMemory (daxctl reconfigure of a scenario device).
/// </summary>
internal static class SystemMemorySteps
{
    private static readonly string[] OnlineChoices = Enum.GetNames(typeof(OnlineType));
    private static readonly string[] ModeChoices = { nameof(DeviceMode.SystemRam), nameof(DeviceMode.DevDax) };

    public static ScenarioStep? Add(NodeReader r, YNode value, IReadOnlyCollection<string> devices, List<string> systemMemory)
    {
        if (r.Map(value, "addSystemMemory") is not YMap m)
        {
            return null;
        }

        r.CheckKeys(m, "addSystemMemory", "name", "start", "size", "node", "memmapOnMemory", "online");
        YNode? nameNode = r.Required(m, "name", "addSystemMemory");
        string? name = nameNode is null ? null : r.Text(nameNode, "addSystemMemory name");
        ulong? start = r.Required(m, "start", "addSystemMemory") is YNode s ? r.Size(s, "addSystemMemory start") : null;
        ulong? size = r.Required(m, "size", "addSystemMemory") is YNode z ? r.Size(z, "addSystemMemory size") : null;
        int node = m.Get("node") is YNode nd ? r.Int(nd, "addSystemMemory node", 0, 1023) ?? 0 : 0;
        bool onMemory = m.Get("memmapOnMemory") is YNode mom && (r.Bool(mom, "addSystemMemory memmapOnMemory") ?? false);
        OnlineType? online = m.Get("online") is YNode o ? Online(r, o, "addSystemMemory online") : null;
        if (name is null || start is null || size is null)
        {
            return null;
        }

        if (SimNames.Problem(name) is string why)
        {
            r.Error(nameNode!, "BadValue", $"addSystemMemory name: {why}");
            return null;
        }

        if (devices.Contains(name, SimNames.Comparer) || systemMemory.Contains(name, SimNames.Comparer))
        {
            r.Error(nameNode!, "BadValue", $"addSystemMemory name: '{name}' is already a device or System RAM of this scenario");
            return null;
        }

        systemMemory.Add(name);
        return new ScenarioStep
        {
            Kind = ScenarioStepKind.AddSystemMemory,
            Device = name,
            SystemMemory = new SystemMemorySpec { Name = name, Start = start.Value, Size = size.Value, Node = node, MemmapOnMemory = onMemory, Online = online },
            Name = $"addSystemMemory {name} {ByteSize.Hex(start.Value)}+{ByteSize.FormatCompact(size.Value)}{(onMemory ? " memmapOnMemory" : string.Empty)}",
        };
    }

    public static ScenarioStep? Remove(NodeReader r, YNode value, List<string> systemMemory)
    {
        string? name = SystemMemoryName(r, value, "removeSystemMemory", systemMemory);
        return name is null ? null : new ScenarioStep { Kind = ScenarioStepKind.RemoveSystemMemory, Device = name, Name = $"removeSystemMemory {name}" };
    }

    /// <summary>setSystemMemory names System RAM of an earlier addSystemMemory, or a device that kmem holds.</summary>
    public static ScenarioStep? Set(NodeReader r, YNode value, List<string> systemMemory, IReadOnlyCollection<string> devices)
    {
        if (r.Map(value, "setSystemMemory") is not YMap m)
        {
            return null;
        }

        r.CheckKeys(m, "setSystemMemory", "name", "online", "firstBlock", "blocks");
        string? name = r.Required(m, "name", "setSystemMemory") is YNode n ? SystemMemoryName(r, n, "setSystemMemory name", systemMemory.Concat(devices).ToList()) : null;
        OnlineType? online = r.Required(m, "online", "setSystemMemory") is YNode o ? Online(r, o, "setSystemMemory online") : null;
        ulong? first = m.Get("firstBlock") is YNode f ? r.Count(f, "setSystemMemory firstBlock") : null;
        ulong? blocks = m.Get("blocks") is YNode b ? r.Count(b, "setSystemMemory blocks") : null;
        if (name is null || online is null)
        {
            return null;
        }

        string which = first is null && blocks is null ? "all blocks" : $"blocks {first ?? 0}+{(blocks is null ? "rest" : blocks.Value.ToString(System.Globalization.CultureInfo.InvariantCulture))}";
        return new ScenarioStep
        {
            Kind = ScenarioStepKind.SetSystemMemory, Device = name, Online = online, FirstBlock = first, BlockCount = blocks,
            Name = $"setSystemMemory {name} {which} {online}",
        };
    }

    public static ScenarioStep? SetDevice(NodeReader r, YNode value, Func<YNode, string, string?> deviceName)
    {
        if (r.Map(value, "setDeviceMemory") is not YMap m)
        {
            return null;
        }

        r.CheckKeys(m, "setDeviceMemory", "device", "mode", "memmapOnMemory", "online");
        string? device = r.Required(m, "device", "setDeviceMemory") is YNode d ? deviceName(d, "setDeviceMemory device") : null;
        string? mode = r.Required(m, "mode", "setDeviceMemory") is YNode md ? r.Choice(md, "setDeviceMemory mode", ModeChoices) : null;
        bool onMemory = m.Get("memmapOnMemory") is YNode mom && (r.Bool(mom, "setDeviceMemory memmapOnMemory") ?? false);
        OnlineType? online = m.Get("online") is YNode o ? Online(r, o, "setDeviceMemory online") : null;
        if (device is null || mode is null)
        {
            return null;
        }

        return new ScenarioStep
        {
            Kind = ScenarioStepKind.SetDeviceMemory, Device = device, Mode = (DeviceMode)Enum.Parse(typeof(DeviceMode), mode),
            MemmapOnMemory = onMemory, Online = online,
            Name = $"setDeviceMemory {device} {mode}{(onMemory ? " memmapOnMemory" : string.Empty)}",
        };
    }

    private static OnlineType? Online(NodeReader r, YNode node, string what) =>
        r.Choice(node, what, OnlineChoices) is string c ? (OnlineType)Enum.Parse(typeof(OnlineType), c) : null;

    private static string? SystemMemoryName(NodeReader r, YNode node, string what, List<string> systemMemory)
    {
        string? name = r.Text(node, what);
        if (name is not null && !systemMemory.Contains(name, SimNames.Comparer))
        {
            r.Error(node, "DanglingDevice", $"{what}: no earlier addSystemMemory step adds '{name}' (and no device has that name)");
            return null;
        }

        return name;
    }
}
