using System;
using System.Collections.Generic;
using System.Linq;
using VmemmapPS.Core.Arch.Arm64;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Scenarios.Yaml;
using VmemmapPS.Core.Units;
using VmemmapPS.Core.Versions;

namespace VmemmapPS.Core.Scenarios.Binding;

/// <summary>Binds the 'machine' mapping to a <see cref="MachineConfig"/>.</summary>
internal static class MachineBinder
{
    /// <summary>The keys of the machine map (also what -Set machine.&lt;key&gt; completes).</summary>
    internal static readonly string[] Keys = { "name", "pageSize", "vaBits", "kernel", "rodataFull", "bbml2NoAbort", "defaultOnlineType", "nodes" };

    public static readonly string[] PageSizes = { "4K", "16K", "64K" };

    public static MachineConfig Bind(YNode? node, NodeReader r)
    {
        var config = new MachineConfig();
        if (node is null)
        {
            return config;
        }

        YMap? map = r.Map(node, "machine");
        if (map is null)
        {
            return config;
        }

        r.CheckKeys(map, "machine", Keys);
        string name = map.Get("name") is YNode n ? r.Text(n, "machine.name") ?? config.Name : config.Name;
        ulong pageSize = map.Get("pageSize") is YNode ps ? PageSize(ps, r) ?? config.PageSize : config.PageSize;
        int vaBits = map.Get("vaBits") is YNode va ? r.Int(va, "machine.vaBits", 36, 52) ?? 0 : 0;
        string kernel = map.Get("kernel") is YNode k ? Kernel(k, r) ?? config.KernelVersion : config.KernelVersion;
        bool rodataFull = map.Get("rodataFull") is YNode ro ? r.Bool(ro, "machine.rodataFull") ?? true : config.RodataFull;
        bool bbml2 = map.Get("bbml2NoAbort") is YNode bb ? r.Bool(bb, "machine.bbml2NoAbort") ?? false : config.Bbml2NoAbort;
        OnlineType online = map.Get("defaultOnlineType") is YNode dot &&
                            r.Choice(dot, "machine.defaultOnlineType", System.Enum.GetNames(typeof(OnlineType))) is string ot
            ? (OnlineType)System.Enum.Parse(typeof(OnlineType), ot)
            : config.DefaultOnlineType;
        List<NodeConfig> nodes = map.Get("nodes") is YNode ns ? Nodes(ns, r) : new List<NodeConfig>();

        if (map.Get("vaBits") is YNode vaNode && vaBits != 0)
        {
            CheckGeometry(vaNode, pageSize, vaBits, kernel, r);
        }

        return new MachineConfig
        {
            Name = name,
            PageSize = pageSize,
            VaBits = vaBits,
            KernelVersion = kernel,
            RodataFull = rodataFull,
            Bbml2NoAbort = bbml2,
            DefaultOnlineType = online,
            Nodes = nodes,
        };
    }

    private static ulong? PageSize(YNode node, NodeReader r)
    {
        ulong? size = r.Size(node, "machine.pageSize");
        if (size is null)
        {
            return null;
        }

        if (size != 4 * ByteSize.KiB && size != 16 * ByteSize.KiB && size != 64 * ByteSize.KiB)
        {
            r.Error(node, "BadValue", $"machine.pageSize must be one of {string.Join(", ", PageSizes)} (arm64 granules), not {ByteSize.FormatCompact(size.Value)}");
            return null;
        }

        return size;
    }

    private static string? Kernel(YNode node, NodeReader r)
    {
        string? text = r.Text(node, "machine.kernel");
        if (text is null)
        {
            return null;
        }

        try
        {
            return KernelProfile.Get(text).Version;
        }
        catch (SimException e)
        {
            r.Error(node, "BadValue", $"machine.kernel: {e.Message}");
            return null;
        }
    }

    // Kconfig decides which VA_BITS a granule allows; ask the core rather than keep a second table here.
    private static void CheckGeometry(YNode at, ulong pageSize, int vaBits, string kernel, NodeReader r)
    {
        try
        {
            Arm64Geometry.Create(pageSize, vaBits, KernelProfile.Get(kernel));
        }
        catch (SimException e)
        {
            r.Error(at, "BadValue", $"machine.vaBits {vaBits}: {e.Message}");
        }
    }

    private static List<NodeConfig> Nodes(YNode node, NodeReader r)
    {
        var nodes = new List<NodeConfig>();
        YSeq? seq = r.Seq(node, "machine.nodes");
        if (seq is null)
        {
            return nodes;
        }

        foreach (YNode item in seq.Items)
        {
            YMap? m = r.Map(item, "a node");
            if (m is null)
            {
                continue;
            }

            r.CheckKeys(m, "a node", "id", "ram");
            int? id = r.Required(m, "id", "a node") is YNode idNode ? r.Int(idNode, "node id", 0, 1023) : null;
            if (id is null)
            {
                continue;
            }

            if (nodes.Any(x => x.Id == id))
            {
                r.Error(m.Get("id")!, "BadValue", $"node {id} is listed twice");
                continue;
            }

            var ram = new List<RamRange>();
            if (m.Get("ram") is YNode ramNode && r.Seq(ramNode, $"node {id} ram") is YSeq ranges)
            {
                foreach (YNode rangeNode in ranges.Items)
                {
                    if (r.Map(rangeNode, "a RAM range") is not YMap range)
                    {
                        continue;
                    }

                    r.CheckKeys(range, "a RAM range", "start", "size");
                    ulong? start = r.Required(range, "start", "a RAM range") is YNode s ? r.Size(s, "RAM start") : null;
                    ulong? size = r.Required(range, "size", "a RAM range") is YNode z ? r.Size(z, "RAM size") : null;
                    if (start is not null && size is not null)
                    {
                        ram.Add(new RamRange(start.Value, size.Value));
                    }
                }
            }

            nodes.Add(new NodeConfig { Id = id.Value, Ram = ram });
        }

        return nodes;
    }
}
