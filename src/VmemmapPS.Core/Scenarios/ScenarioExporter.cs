using System;
using System.Globalization;
using System.Linq;
using System.Text;
using VmemmapPS.Core.Scenarios.Expectations;
using VmemmapPS.Core.Units;

namespace VmemmapPS.Core.Scenarios;

/// <summary>
/// Writes a machine and its registered devices as a scenario that rebuilds it: the boot config, one device entry per
/// device (its spec as added), one add step per device in add order, and a final step whose expectations are the
/// machine's usage at export time, so running the file shows whether it really reproduces the machine (it cannot
/// when earlier failures left state behind that no add step recreates).
/// </summary>
public static class ScenarioExporter
{
    /// <summary>Every device name the machine accepted is a valid scenario name too (one rule, SimNames), so any
    /// machine can be exported.</summary>
    public static string Export(SimMachine machine)
    {
        MachineConfig config = machine.Config;
        var w = new StringBuilder();
        w.Append("# Exported by Export-SimScenario from machine ").Append(Quote(config.Name)).Append(".\n");
        w.Append("# The last step's expectations are the machine's usage when it was exported.\n");
        w.Append("name: ").Append(Quote(config.Name)).Append('\n');
        w.Append("machine:\n");
        w.Append("  name: ").Append(Quote(config.Name)).Append('\n');
        w.Append("  pageSize: ").Append(ByteSize.FormatCompact(config.PageSize)).Append('\n');
        w.Append("  vaBits: ").Append(Int(machine.VaBits)).Append('\n');
        w.Append("  kernel: ").Append(Quote(config.KernelVersion)).Append('\n');
        w.Append("  rodataFull: ").Append(config.RodataFull ? "true" : "false").Append('\n');
        if (config.Bbml2NoAbort)
        {
            w.Append("  bbml2NoAbort: true\n");
        }

        if (config.DefaultOnlineType != OnlineType.None)
        {
            w.Append("  defaultOnlineType: ").Append(config.DefaultOnlineType).Append('\n');
        }
        w.Append("  nodes:\n");
        foreach (NodeConfig node in config.Nodes.OrderBy(n => n.Id))
        {
            w.Append("    - id: ").Append(Int(node.Id)).Append('\n');
            w.Append("      ram:").Append(node.Ram.Count == 0 ? " []\n" : "\n");
            foreach (RamRange ram in node.Ram)
            {
                w.Append("        - start: ").Append(ByteSize.Hex(ram.Start)).Append('\n');
                w.Append("          size: ").Append(ByteSize.FormatCompact(ram.Size)).Append('\n');
            }
        }

        w.Append(machine.Devices.Count == 0 ? "devices: []\n" : "devices:\n");
        foreach (DeviceMemory d in machine.Devices)
        {
            DeviceSpec s = d.Spec;
            w.Append("  - name: ").Append(NameScalar(d.Name)).Append('\n');
            w.Append("    type: ").Append(s.Type).Append('\n');
            w.Append("    start: ").Append(ByteSize.Hex(s.Start)).Append('\n');
            w.Append("    size: ").Append(ByteSize.FormatCompact(s.Size)).Append('\n');
            w.Append("    node: ").Append(Int(s.Node)).Append('\n');
            // Explicit altmap pages give a device an altmap whatever Altmap says (DeviceSpec), i.e. memmap: dev.
            bool overrides = s.AltmapReservePages is not null && s.AltmapFreePages is not null;
            w.Append("    memmap: ").Append(s.Altmap || overrides ? "dev" : "mem").Append('\n');
            if (s.Align is ulong align)
            {
                w.Append("    align: ").Append(ByteSize.FormatCompact(align)).Append('\n');
            }

            if (s.AltmapReservePages is ulong reserve && s.AltmapFreePages is ulong free)
            {
                w.Append("    altmap:\n");
                w.Append("      reservePages: ").Append(reserve.ToString(CultureInfo.InvariantCulture)).Append('\n');
                w.Append("      freePages: ").Append(free.ToString(CultureInfo.InvariantCulture)).Append('\n');
            }
        }

        w.Append("steps:\n");
        foreach (DeviceMemory d in machine.Devices)
        {
            w.Append("  - add: ").Append(NameScalar(d.Name)).Append('\n');
        }

        ExportSystemMemory(machine, w);

        w.Append("  - checkInvariants: true\n");
        w.Append("    expect:\n");
        w.Append("      devices: ").Append(Int(machine.Devices.Count)).Append('\n');
        foreach (UsageRow row in machine.MeasureUsage())
        {
            string key = row.Device == "(total)" ? MetricCatalog.TotalKey : row.Device;
            w.Append("      usage.").Append(key).Append(".vmemmapBytes: ").Append(Bytes(row.VmemmapBytes)).Append('\n');
            w.Append("      usage.").Append(key).Append(".systemRamUsedBytes: ").Append(Bytes(row.SystemRamUsedBytes)).Append('\n');
        }

        return w.ToString();
    }

    /// <summary>
    /// System RAM after the devices: addSystemMemory for Add-SystemMemory ranges, setDeviceMemory for kmem devices,
    /// all added offline and then onlined run by run as the blocks are now. A machine whose devices took their
    /// memmap from hot-added RAM exports in a different order and may use other pages for it.
    /// </summary>
    private static void ExportSystemMemory(SimMachine machine, StringBuilder w)
    {
        foreach (SystemMemory sm in machine.SystemMemory)
        {
            if (sm.Device.Length == 0)
            {
                w.Append("  - addSystemMemory: { name: ").Append(NameScalar(sm.Name)).Append(", start: ").Append(ByteSize.Hex(sm.Start))
                    .Append(", size: ").Append(ByteSize.FormatCompact(sm.Size)).Append(", node: ").Append(Int(sm.Node))
                    .Append(", memmapOnMemory: ").Append(sm.MemmapOnMemory ? "true" : "false").Append(", online: None }\n");
            }
            else
            {
                w.Append("  - setDeviceMemory: { device: ").Append(NameScalar(sm.Device)).Append(", mode: SystemRam, memmapOnMemory: ")
                    .Append(sm.MemmapOnMemory ? "true" : "false").Append(", online: None }\n");
            }

            ulong firstId = sm.Start / sm.BlockSize;
            foreach (MemoryBlockInfo run in machine.GetMemoryBlocks(sm.Name).Where(b => b.Zone != MemoryZone.None))
            {
                w.Append("  - setSystemMemory: { name: ").Append(NameScalar(sm.Name)).Append(", online: ")
                    .Append(run.Zone == MemoryZone.Movable ? nameof(OnlineType.Movable) : nameof(OnlineType.Kernel))
                    .Append(", firstBlock: ").Append((run.FirstBlock - firstId).ToString(CultureInfo.InvariantCulture))
                    .Append(", blocks: ").Append(run.Blocks.ToString(CultureInfo.InvariantCulture)).Append(" }\n");
            }
        }
    }

    // A plain YAML value cannot end with ':' (it would start a mapping); every other valid name is plain-safe.
    private static string NameScalar(string name) => name.EndsWith(":", StringComparison.Ordinal) ? Quote(name) : name;

    private static string Bytes(ulong value) => value == 0 ? "0" : ByteSize.FormatCompact(value);

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Quote(string text) => "'" + text.Replace("'", "''") + "'";
}
