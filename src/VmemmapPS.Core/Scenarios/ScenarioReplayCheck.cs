using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Units;

namespace VmemmapPS.Core.Scenarios;

/// <summary>
/// Proves an exported scenario by running it: the file must load, every row must pass, and the machine it builds
/// must match the exported one in everything Measure-Vmemmap, Get-DeviceMemory, Get-VmemAltmap, Get-MemoryBlock
/// and Test-SimMachine report, plus the fault still armed. History that leaves no state (the allocation log, past
/// warnings) is not compared. A machine that fails the proof holds state no scenario of its registered devices
/// rebuilds, such as the pages, tables and memmap a failed hot-add left behind.
/// </summary>
internal static class ScenarioReplayCheck
{
    public static void Prove(SimMachine machine, string yaml)
    {
        Scenario scenario;
        try
        {
            scenario = ScenarioLoader.Parse(yaml, machine.Name + ".yaml");
        }
        catch (ScenarioException e)
        {
            throw Refuse(machine, "the file it would write does not load again: " + e.Message);
        }

        var failed = new List<ScenarioResult>();
        SimMachine? rebuilt = ScenarioRunner.RunForMachine(scenario, r =>
        {
            if (!r.Pass && r.Kind != ScenarioResultKind.Summary)
            {
                failed.Add(r);
            }
        });

        if (rebuilt is null)
        {
            throw Refuse(machine, "its configuration does not boot again");
        }

        if (FirstDifference(State(machine), State(rebuilt)) is string difference)
        {
            throw Refuse(machine, difference);
        }

        if (failed.Count > 0)
        {
            ScenarioResult r = failed[0];
            throw Refuse(machine, $"step '{r.StepName}' of the file fails ({r.Name}: expected {r.Expected}, got {r.Actual})");
        }
    }

    private static SimException Refuse(SimMachine machine, string why) => new(FailureKind.ScenarioNotReproducible,
        $"Machine '{machine.Name}' cannot be exported as a scenario: {why}. A scenario rebuilds only the registered " +
        "devices and System RAM, not what a failed hot-add, a removal or Remove-Vmemmap left behind (Test-SimMachine " +
        "-Detailed names it). No file was written.",
        machine.Name);

    private static string? FirstDifference(List<KeyValuePair<string, string>> here, List<KeyValuePair<string, string>> rebuilt)
    {
        var there = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, string> fact in rebuilt)
        {
            there[fact.Key] = fact.Value;
        }

        foreach (KeyValuePair<string, string> fact in here)
        {
            if (!there.TryGetValue(fact.Key, out string? value))
            {
                return $"{fact.Key} ({fact.Value}) is not rebuilt by the file";
            }

            if (value != fact.Value)
            {
                return $"{fact.Key} is {fact.Value} here but {value} when the file runs";
            }

            there.Remove(fact.Key);
        }

        return there.Count == 0 ? null : $"the file builds {there.First().Key} ({there.First().Value}), which this machine does not have";
    }

    private static List<KeyValuePair<string, string>> State(SimMachine m)
    {
        var facts = new List<KeyValuePair<string, string>>();
        void Add(string what, string value) => facts.Add(new KeyValuePair<string, string>(what, value));

        // Leftovers of unregistered devices first: they are the usual reason, and the clearest one to report.
        var registered = new HashSet<string>(m.Devices.Select(d => d.Name), Sim.SimNames.Comparer);
        IReadOnlyList<UsageRow> usage = m.MeasureUsage();
        foreach (UsageRow r in usage.Where(r => !r.IsTotal && !registered.Contains(r.Device)))
        {
            Add($"what '{r.Device}' (not registered: a failed or removed device) still holds", Usage(r));
        }

        Add("free system RAM", Bytes(m.SystemRamFreeBytes));
        Add("total system RAM", Bytes(m.SystemRamTotalBytes));
        foreach (DeviceMemory d in m.Devices)
        {
            Add($"device '{d.Name}'", Text("{0} {1}+{2} node {3} memmap {4} mode {5} usable {6} vmemmap {7} align {8} ram {9}+{10}",
                d.Type, ByteSize.Hex(d.Start), d.Size, d.Node, d.MemmapLocation, d.Mode, d.UsableBytes, d.VmemmapBytes, d.Align,
                ByteSize.Hex(d.SystemRamStart), d.SystemRamBytes));
        }

        foreach (UsageRow r in usage.Where(r => r.IsTotal || registered.Contains(r.Device)))
        {
            Add($"the usage of '{r.Device}'", Usage(r));
        }

        foreach (VmemAltmapInfo a in m.GetAltmaps())
        {
            Add($"the altmap of '{a.Device}'", Text("base {0} reserve {1} free {2} align {3} alloc {4}", a.BasePfn, a.Reserve, a.Free, a.Align, a.Alloc));
        }

        foreach (MemoryBlockInfo b in m.GetMemoryBlocks())
        {
            Add($"memory blocks {b.FirstBlock}.. of '{b.Name}'", Text("{0} block(s) {1} {2}", b.Blocks, b.State, b.Zone));
        }

        foreach (IGrouping<string, InvariantFinding> check in m.CheckInvariants().GroupBy(f => f.Check).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            Add($"invariant {check.Key}", Text("{0} finding(s)", check.Count()));
        }

        if (m.PendingFault is FaultSpec f)
        {
            Add("the armed fault", Text("{3} nth {0} order {1} count {2}", f.Nth, f.Order?.ToString(CultureInfo.InvariantCulture) ?? "any", f.Count, f.Site));
        }

        return facts;
    }

    private static string Usage(UsageRow r) => Text("vmemmap {0} B ({1} B from the altmap), vmemmap tables {2} B, linear-map tables {3} B, system RAM used {4} B, altmap alloc {5} align {6} free {7}, memmap_on_memory {8} B, reused {9} B",
        r.VmemmapBytes, r.VmemmapFromAltmapBytes, r.VmemmapPageTableBytes, r.LinearMapPageTableBytes, r.SystemRamUsedBytes,
        r.AltmapAllocPages, r.AltmapAlignPages, r.AltmapFreePages, r.MemmapOnMemoryBytes, r.VmemmapReusedBytes);

    private static string Bytes(ulong value) => value.ToString(CultureInfo.InvariantCulture) + " B";

    private static string Text(string format, params object[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
}
