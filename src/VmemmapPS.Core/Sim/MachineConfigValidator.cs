using System.Collections.Generic;
using System.Linq;
using VmemmapPS.Core.Arch.Arm64;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Units;

namespace VmemmapPS.Core.Sim;

/// <summary>Checks a MachineConfig before boot and fills in the defaults (VaBits 48, node 0 with 8 GiB at 0x40000000).</summary>
internal static class MachineConfigValidator
{

    /// <summary>A config built in code can hold nulls a YAML file or the cmdlets never produce: refused here, before
    /// anything reads them, with the same code as any other unbootable description.</summary>
    public static void RejectMissingParts(MachineConfig config)
    {
        // Machine names follow the device-name rule: they go into scenario files, completion and error messages.
        if (!string.IsNullOrWhiteSpace(config.Name))
        {
            SimNames.Validate(config.Name, "machine name");
        }

        if (config.Nodes is null)
        {
            return;
        }

        for (int i = 0; i < config.Nodes.Count; i++)
        {
            NodeConfig? node = config.Nodes[i];
            if (node is null)
            {
                throw new SimException(FailureKind.InvalidMachineConfig, $"Node entry {i} of the machine config is null.", i);
            }

            if (node.Ram is null)
            {
                throw new SimException(FailureKind.InvalidMachineConfig, $"Node {node.Id} has a null RAM list; give an empty list for a node without RAM.", node.Id);
            }

            if (node.Ram.Contains(null!))
            {
                throw new SimException(FailureKind.InvalidMachineConfig, $"Node {node.Id} has a null RAM range.", node.Id);
            }
        }
    }

    public static MachineConfig Normalise(MachineConfig config, Arm64Geometry g)
    {
        List<NodeConfig> nodes = config.Nodes is { Count: > 0 }
            ? config.Nodes.Select(n => new NodeConfig { Id = n.Id, Ram = n.Ram.Select(r => new RamRange(r.Start, r.Size)).ToList() }).ToList()
            : new List<NodeConfig> { new() { Id = 0, Ram = new List<RamRange> { new(VirtPlatform.DramBase, VirtPlatform.DefaultRamSize) } } };

        var seen = new HashSet<int>();
        foreach (NodeConfig n in nodes)
        {
            if (n.Id < 0 || !seen.Add(n.Id))
            {
                throw new SimException(FailureKind.InvalidMachineConfig, $"Node id {n.Id} is negative or used twice.", n.Id);
            }
        }

        var ranges = nodes.SelectMany(n => n.Ram.Select(r => (Node: n.Id, Range: r))).OrderBy(x => x.Range.Start).ToList();
        if (ranges.Count == 0)
        {
            throw new SimException(FailureKind.InvalidMachineConfig, "The machine has no RAM; give at least one node a RAM range.", config.Name);
        }

        ulong memstart = KernelAlign.Down(ranges[0].Range.Start, g.MemstartAlign);
        ulong linearSpan = g.PageEnd - g.PageOffset;
        ulong prevEnd = 0;
        foreach ((int node, RamRange r) in ranges)
        {
            string what = $"RAM range {ByteSize.Hex(r.Start)}+{ByteSize.Format(r.Size)} of node {node}";
            if (r.Size == 0 || r.Start % g.PageSize != 0 || r.Size % g.PageSize != 0)
            {
                throw new SimException(FailureKind.InvalidMachineConfig, $"{what} must be non-empty and aligned to the {g.PageSize / 1024}K page size.", r.Start);
            }

            if (r.Start + r.Size < r.Start || r.Start + r.Size > (1UL << g.PaBits))
            {
                throw new SimException(FailureKind.InvalidMachineConfig, $"{what} exceeds the {g.PaBits}-bit physical address space.", r.Start);
            }

            if (r.Start + r.Size - memstart > linearSpan)
            {
                throw new SimException(FailureKind.InvalidMachineConfig,
                    $"{what} does not fit in the {ByteSize.Format(linearSpan)} linear map that starts at memstart_addr {ByteSize.Hex(memstart)}.", r.Start);
            }

            if (r.Start < prevEnd)
            {
                throw new SimException(FailureKind.InvalidMachineConfig, $"{what} overlaps another RAM range.", r.Start);
            }

            prevEnd = r.Start + r.Size;
        }

        if (ranges[0].Range.Size / 4 < g.PageSize * 4)
        {
            throw new SimException(FailureKind.InvalidMachineConfig, "The lowest RAM range is too small to hold the kernel image.", ranges[0].Range.Start);
        }

        return new MachineConfig
        {
            Name = string.IsNullOrWhiteSpace(config.Name) ? "sim0" : config.Name,
            PageSize = config.PageSize,
            VaBits = g.VaBits,
            KernelVersion = g.Profile.Version,
            RodataFull = config.RodataFull,
            Bbml2NoAbort = config.Bbml2NoAbort,
            DefaultOnlineType = config.DefaultOnlineType,
            Nodes = nodes.OrderBy(n => n.Id).ToList(),
        };
    }
}
