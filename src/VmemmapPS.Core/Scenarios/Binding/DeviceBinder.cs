using System;
using System.Collections.Generic;
using System.Linq;
using VmemmapPS.Core.Scenarios.Yaml;
using VmemmapPS.Core.Sim;

namespace VmemmapPS.Core.Scenarios.Binding;

/// <summary>Binds the 'devices' sequence to <see cref="DeviceSpec"/>s.</summary>
internal static class DeviceBinder
{
    public static readonly string[] MemmapChoices = { "dev", "mem" };

    /// <summary>Binds valid devices; <paramref name="declared"/> gets every name written, valid or not, so steps that
    /// name a device with a bad field are not reported a second time as dangling.</summary>
    public static List<DeviceSpec> Bind(YNode? node, MachineConfig machine, NodeReader r, List<string> declared)
    {
        var devices = new List<DeviceSpec>();
        if (node is null || r.Seq(node, "devices") is not YSeq seq)
        {
            return devices;
        }

        string[] types = Enum.GetNames(typeof(DeviceType));
        foreach (YNode item in seq.Items)
        {
            if (r.Map(item, "a device") is not YMap m)
            {
                continue;
            }

            r.CheckKeys(m, "a device", "name", "type", "start", "size", "node", "memmap", "align", "altmap");
            string? name = r.Required(m, "name", "a device") is YNode n ? Name(n, devices, r) : null;
            if (name is not null)
            {
                declared.Add(name);
            }

            string what = name is null ? "device" : $"device '{name}'";
            string? type = m.Get("type") is YNode t ? r.Choice(t, $"{what} type", types) : nameof(DeviceType.FsDax);
            ulong? start = r.Required(m, "start", what) is YNode s ? r.Size(s, $"{what} start") : null;
            ulong? size = r.Required(m, "size", what) is YNode z ? r.Size(z, $"{what} size") : null;
            int node0 = m.Get("node") is YNode nn ? Node(nn, machine, what, r) ?? 0 : 0;
            ulong? align = m.Get("align") is YNode a ? r.Size(a, $"{what} align") : null;
            (ulong Reserve, ulong Free)? overrides = m.Get("altmap") is YNode am ? Altmap(am, what, r) : null;
            string memmap = m.Get("memmap") is YNode mm ? r.Choice(mm, $"{what} memmap", MemmapChoices) ?? "mem" : overrides is null ? "mem" : "dev";

            if (overrides is not null && memmap == "mem")
            {
                r.Error(m.Get("altmap")!, "BadValue", $"{what} has altmap overrides but memmap: mem; the overrides describe the vmem_altmap of memmap: dev");
            }

            if (size == 0)
            {
                r.Error(m.Get("size")!, "BadSize", $"{what} size must not be 0");
            }

            if (name is null || type is null || start is null || size is null)
            {
                continue;
            }

            devices.Add(new DeviceSpec
            {
                Name = name,
                Type = (DeviceType)Enum.Parse(typeof(DeviceType), type),
                Start = start.Value,
                Size = size.Value,
                Node = node0,
                Altmap = memmap == "dev",
                Align = align,
                AltmapReservePages = overrides?.Reserve,
                AltmapFreePages = overrides?.Free,
            });
        }

        return devices;
    }

    private static string? Name(YNode node, List<DeviceSpec> earlier, NodeReader r)
    {
        string? name = r.Text(node, "device name");
        if (name is null)
        {
            return null;
        }

        if (SimNames.Problem(name) is string why)
        {
            r.Error(node, "BadValue", $"device name {why}");
            return null;
        }

        if (earlier.Any(d => SimNames.Same(d.Name, name)))
        {
            r.Error(node, "BadValue", $"device name '{name}' is used twice (names compare ignoring case)");
            return null;
        }

        return name;
    }

    private static int? Node(YNode node, MachineConfig machine, string what, NodeReader r)
    {
        int? id = r.Int(node, $"{what} node", 0, 1023);
        bool known = machine.Nodes.Count == 0 ? id == 0 : machine.Nodes.Any(n => n.Id == id);
        if (id is not null && !known)
        {
            r.Error(node, "DanglingNode", $"{what} is on node {id}, which machine.nodes does not define");
            return null;
        }

        return id;
    }

    private static (ulong, ulong)? Altmap(YNode node, string what, NodeReader r)
    {
        if (r.Map(node, $"{what} altmap") is not YMap m)
        {
            return null;
        }

        r.CheckKeys(m, $"{what} altmap", "reservePages", "freePages");
        ulong? reserve = r.Required(m, "reservePages", $"{what} altmap") is YNode rp ? r.Count(rp, "altmap reservePages") : null;
        ulong? free = r.Required(m, "freePages", $"{what} altmap") is YNode fp ? r.Count(fp, "altmap freePages") : null;
        return reserve is null || free is null ? null : (reserve.Value, free.Value);
    }
}
