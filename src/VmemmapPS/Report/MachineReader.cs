using System;
using System.Collections.Generic;
using System.Linq;
using VmemmapPS.Core;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Scenarios;
using VmemmapPS.Core.Units;

namespace VmemmapPS.Report;

/// <summary>
/// A machine's part of the report: the cost of each device, its physical memory map drawn from the kernel's own
/// state (RAM ranges, memory blocks, mem_section runs, page owners, altmaps) and its warnings and findings.
/// </summary>
internal static class MachineReader
{
    // Beyond this many rectangles per lane a chart stops being readable and the page gets heavy; the table rows stay exact.
    private const int MaxRectsPerLane = 2000;

    public static void Add(ReportDocument doc, SimMachine m)
    {
        doc.Machines.Add(m.Name);
        doc.SeeKernel(m.KernelVersion);
        doc.Inputs.Add(new($"Machine {m.Name}", Describe(m)));
        var devices = m.Devices.ToDictionary(d => d.Name, StringComparer.Ordinal);
        AddCosts(doc, m, devices);
        AddOverview(doc, m);
        IReadOnlyList<SectionRun> sections = m.GetSectionRuns();
        List<(ulong Start, ulong End, string Backing)> mapped = MappedMemmap(m);
        AddRam(doc, m, devices, sections, mapped);
        int regionIndex = m.Config.Nodes.Sum(n => n.Ram.Count) + 1;
        foreach (DeviceMemory d in m.Devices)
        {
            AddDevice(doc, m, d, regionIndex++, devices, sections, mapped);
        }

        AddLeftBehind(doc, m, devices, sections);
        AddFindings(doc, m);
        AddDeviceTable(doc, m);
    }

    private static string Describe(SimMachine m)
    {
        try
        {
            return ScenarioExporter.Export(m);
        }
        catch (SimException e) when (e.Kind == FailureKind.ScenarioNotReproducible)
        {
            // Some states (a failed add) have no scenario form; the machine's settings still make the report reproducible.
            return $"# not expressible as a scenario file: {e.Message}\nname: {m.Name}\npageSize: {ByteSize.FormatCompact(m.PageSize)}\n" +
                   $"vaBits: {m.VaBits}\nkernel: \"{m.KernelVersion}\"\nrodataFull: {(m.RodataFull ? "true" : "false")}\n";
        }
    }

    private static void AddCosts(ReportDocument doc, SimMachine m, Dictionary<string, DeviceMemory> devices)
    {
        foreach (UsageRow row in m.MeasureUsage())
        {
            if (!devices.TryGetValue(row.Device, out DeviceMemory? d))
            {
                continue; // the "(total)" row: the bars are per device
            }

            doc.Costs.Add(ReportDocument.Cost(m.Name, $"{m.Name} · {d.Name}", Labels.Series(m.PageSize, m.KernelVersion, d.MemmapLocation),
                d.Size, row.VmemmapFromSystemRamBytes, row.VmemmapFromAltmapBytes, row.VmemmapPageTableBytes,
                row.LinearMapPageTableBytes, row.SystemRamUsedBytes, d.Size - d.UsableBytes));
        }
    }

    private static void Rect(ReportDocument doc, SimMachine m, string region, int regionIndex, string lane, int laneIndex,
        ulong start, ulong size, string kind, string label) => doc.Regions.Add(new JsonObject()
        .Add("machine", m.Name).Add("region", region).Add("regionIndex", regionIndex).Add("lane", lane).Add("laneIndex", laneIndex)
        .Add("start", start).Add("end", start + size).Add("kind", kind).Add("label", label)
        .Add("range", Labels.Range(start, size)).Add("size", ByteSize.Format(size)));

    private static void AddOverview(ReportDocument doc, SimMachine m)
    {
        const string region = "Whole physical address space";
        foreach (NodeConfig node in m.Config.Nodes.OrderBy(n => n.Id))
        {
            foreach (RamRange r in node.Ram.OrderBy(r => r.Start))
            {
                Rect(doc, m, region, 0, "System RAM", 0, r.Start, r.Size, "System RAM", $"node {node.Id} RAM");
            }
        }

        foreach (DeviceMemory d in m.Devices)
        {
            Rect(doc, m, region, 0, "Devices", 1, d.Start, d.Size, "device range", $"{d.Name} ({d.Type}, {Labels.Memmap(d.MemmapLocation)})");
        }
    }

    private static void AddRam(ReportDocument doc, SimMachine m, Dictionary<string, DeviceMemory> devices, IReadOnlyList<SectionRun> sections,
        List<(ulong Start, ulong End, string Backing)> mapped)
    {
        ulong block = m.Geometry.MemoryBlockSize;
        IReadOnlyList<PageOwnerInfo> owners = m.GetPageOwners();
        int regionIndex = 1;
        foreach (NodeConfig node in m.Config.Nodes.OrderBy(n => n.Id))
        {
            foreach (RamRange r in node.Ram.OrderBy(r => r.Start))
            {
                string region = $"Node {node.Id} RAM {Labels.Range(r.Start, r.Size)}";
                Rect(doc, m, region, regionIndex, "System RAM", 0, r.Start, r.Size, "System RAM", $"node {node.Id}");
                AddBlocks(doc, m, region, regionIndex, r, block);
                AddSections(doc, m, region, regionIndex, r.Start, r.Size, sections, devices);
                AddMapped(doc, m, region, regionIndex, r.Start, r.Size, mapped);
                int drawn = 0;
                foreach (PageOwnerInfo o in owners.Where(o => o.PhysAddr >= r.Start && o.PhysAddr < r.Start + r.Size))
                {
                    if (drawn++ == MaxRectsPerLane)
                    {
                        break;
                    }

                    bool orphaned = o.Device is not null && !devices.ContainsKey(o.Device);
                    string kind = orphaned ? "held for a removed device" : OwnerKind(o.Purpose);
                    string who = o.Device is null ? "boot" : o.Device;
                    Rect(doc, m, region, regionIndex, "Allocated RAM", 4, o.PhysAddr, o.Bytes, kind, $"{o.Purpose} for {who} by {o.KernelFunction}");
                }

                regionIndex++;
            }
        }
    }

    private static string OwnerKind(PagePurpose purpose) => purpose switch
    {
        PagePurpose.VmemmapData => "struct pages in RAM",
        PagePurpose.VmemmapTable => "vmemmap tables",
        PagePurpose.LinearMapTable => "linear-map tables",
        PagePurpose.SectionMetadata => "section metadata",
        _ => "kernel reserved",
    };

    private static void AddBlocks(ReportDocument doc, SimMachine m, string region, int regionIndex, RamRange r, ulong block)
    {
        ulong first = r.Start / block;
        ulong last = (r.Start + r.Size - 1) / block;
        if (last - first + 1 > MaxRectsPerLane)
        {
            Rect(doc, m, region, regionIndex, "Memory blocks", 1, r.Start, r.Size, "memory block",
                $"{last - first + 1} memory blocks of {ByteSize.Format(block)}");
            return;
        }

        for (ulong b = first; b <= last; b++)
        {
            ulong start = Math.Max(b * block, r.Start);
            ulong end = Math.Min((b + 1) * block, r.Start + r.Size);
            Rect(doc, m, region, regionIndex, "Memory blocks", 1, start, end - start, "memory block",
                $"memory{b} ({ByteSize.Format(block)})");
        }
    }

    private static void AddSections(ReportDocument doc, SimMachine m, string region, int regionIndex, ulong start, ulong size,
        IReadOnlyList<SectionRun> sections, Dictionary<string, DeviceMemory> devices)
    {
        ulong end = start + size;
        int drawn = 0;
        foreach (SectionRun s in sections.Where(s => s.PhysAddr < end && s.PhysAddr + s.Size > start))
        {
            if (drawn++ == MaxRectsPerLane)
            {
                break;
            }

            ulong from = Math.Max(s.PhysAddr, start);
            ulong to = Math.Min(s.PhysAddr + s.Size, end);
            string kind = !s.Populated ? "subsections without memmap"
                : s.Owner is not null && !devices.ContainsKey(s.Owner) ? "memmap left behind"
                : s.Early ? "boot section memmap"
                : "subsections with memmap";
            string owner = s.Owner ?? "boot";
            Rect(doc, m, region, regionIndex, "Sections", 2, from, to - from, kind,
                $"sections {s.FirstSection}-{s.LastSection}, {(s.Populated ? "populated" : "empty")}, last added by {owner}");
        }
    }

    private static void AddDevice(ReportDocument doc, SimMachine m, DeviceMemory d, int regionIndex, Dictionary<string, DeviceMemory> devices,
        IReadOnlyList<SectionRun> sections, List<(ulong Start, ulong End, string Backing)> mapped)
    {
        string region = $"{d.Name} {d.Type} {Labels.Memmap(d.MemmapLocation)} {Labels.Range(d.Start, d.Size)}";
        Rect(doc, m, region, regionIndex, "Device", 0, d.Start, d.Size, "device range", $"{d.Name}, node {d.Node}");

        VmemAltmapInfo? a = m.GetAltmaps().FirstOrDefault(x => x.Device == d.Name);
        ulong page = m.PageSize;
        if (a is not null)
        {
            ulong at = a.BasePfn * page;
            if (at > d.Start)
            {
                Rect(doc, m, region, regionIndex, "Capacity", 1, d.Start, at - d.Start, "not usable (info block, alignment)", "before the altmap base");
            }

            at = Segment(doc, m, region, regionIndex, at, a.Reserve * page, "altmap reserve", $"{a.Reserve} pfns reserved (info block)");
            at = Segment(doc, m, region, regionIndex, at, a.Alloc * page, "altmap used (struct pages)", $"{a.Alloc} pfns of struct pages");
            at = Segment(doc, m, region, regionIndex, at, a.Align * page, "altmap padding", $"{a.Align} pfns skipped for alignment");
            at = Segment(doc, m, region, regionIndex, at, a.FreeRemaining * page, "altmap free", $"{a.FreeRemaining} pfns never used");
            ulong dataStart = (a.BasePfn + a.Offset) * page;
            if (dataStart > at)
            {
                at = Segment(doc, m, region, regionIndex, at, dataStart - at, "not usable (info block, alignment)", "up to the data offset");
            }

            Segment(doc, m, region, regionIndex, at, d.Start + d.Size - at, "usable data", $"{ByteSize.Format(d.UsableBytes)} usable");
        }
        else
        {
            ulong lost = d.Size - d.UsableBytes;
            ulong at = Segment(doc, m, region, regionIndex, d.Start, lost, "not usable (info block, alignment)", "info block and alignment");
            Segment(doc, m, region, regionIndex, at, d.UsableBytes, "usable data", $"{ByteSize.Format(d.UsableBytes)} usable");
        }

        AddSections(doc, m, region, regionIndex, d.Start, d.Size, sections, devices);
        AddMapped(doc, m, region, regionIndex, d.Start, d.Size, mapped);
    }

    // The physical ranges whose struct pages the vmemmap page tables map, merged across leaf levels.
    private static List<(ulong Start, ulong End, string Backing)> MappedMemmap(SimMachine m)
    {
        var runs = new List<(ulong Start, ulong End, string Backing)>();
        foreach (VmemmapMapping v in m.GetVmemmapMappings().OrderBy(v => v.FirstPfn))
        {
            ulong start = v.FirstPfn * m.PageSize;
            ulong end = start + v.PfnCount * m.PageSize;
            string backing = v.Backing.ToString();
            if (runs.Count > 0 && runs[runs.Count - 1].End == start && runs[runs.Count - 1].Backing == backing)
            {
                runs[runs.Count - 1] = (runs[runs.Count - 1].Start, end, backing);
            }
            else
            {
                runs.Add((start, end, backing));
            }
        }

        return runs;
    }

    // Mapped struct pages, and the gaps between them: memory the kernel has no mapped memmap for.
    private static void AddMapped(ReportDocument doc, SimMachine m, string region, int regionIndex, ulong start, ulong size,
        List<(ulong Start, ulong End, string Backing)> mapped)
    {
        ulong end = start + size;
        ulong at = start;
        int drawn = 0;
        foreach (var run in mapped.Where(r => r.Start < end && r.End > start))
        {
            if (drawn++ == MaxRectsPerLane)
            {
                return;
            }

            ulong from = Math.Max(run.Start, start);
            ulong to = Math.Min(run.End, end);
            if (from > at)
            {
                Rect(doc, m, region, regionIndex, "Vmemmap", 3, at, from - at, "memmap not mapped", "no vmemmap mapping for these struct pages");
            }

            Rect(doc, m, region, regionIndex, "Vmemmap", 3, from, to - from, "memmap mapped", $"struct pages mapped, backed by {run.Backing}");
            at = to;
        }

        if (at < end)
        {
            Rect(doc, m, region, regionIndex, "Vmemmap", 3, at, end - at, "memmap not mapped", "no vmemmap mapping for these struct pages");
        }
    }

    private static ulong Segment(ReportDocument doc, SimMachine m, string region, int regionIndex, ulong start, ulong size, string kind, string label)
    {
        if (size > 0)
        {
            Rect(doc, m, region, regionIndex, "Capacity", 1, start, size, kind, label);
        }

        return start + size;
    }

    // Sections still populated for a device that is gone: the memmap the kernel did not tear down.
    private static void AddLeftBehind(ReportDocument doc, SimMachine m, Dictionary<string, DeviceMemory> devices, IReadOnlyList<SectionRun> sections)
    {
        List<SectionRun> left = sections.Where(s => s.Populated && s.Owner is not null && !devices.ContainsKey(s.Owner)).ToList();
        if (left.Count == 0)
        {
            return;
        }

        ulong start = left.Min(s => s.PhysAddr);
        ulong end = left.Max(s => s.PhysAddr + s.Size);
        string region = $"Left behind by removed devices {Labels.Range(start, end - start)}";
        AddSections(doc, m, region, int.MaxValue, start, end - start, left, devices);
        foreach (SectionRun s in left)
        {
            Rect(doc, m, "Whole physical address space", 0, "Left behind", 2, s.PhysAddr, s.Size, "memmap left behind", $"sections of {s.Owner}");
        }
    }

    private static void AddFindings(ReportDocument doc, SimMachine m)
    {
        var rows = new List<(string Type, string Where, string Device, ulong Address, string Message)>();
        rows.AddRange(m.Warnings.Select(w => ("Kernel warning", $"{w.Function}: {w.Condition}", w.Device ?? string.Empty, w.Address, w.Message)));
        rows.AddRange(m.CheckInvariants().Select(f => ("Invariant", f.Check, f.Device ?? string.Empty, f.Address, f.Message)));

        // Identical findings at many addresses (one per section of a failed add) read better as one row with a count.
        foreach (var group in rows.GroupBy(r => (r.Type, r.Where, r.Device, Message: StripHex(r.Message))))
        {
            var first = group.First();
            int count = group.Count();
            string address = count == 1 ? ByteSize.Hex(first.Address) : $"{ByteSize.Hex(group.Min(r => r.Address))}-{ByteSize.Hex(group.Max(r => r.Address))}";
            doc.Findings.Rows.Add(new[] { m.Name, first.Type, first.Where, first.Device, address, count.ToString(System.Globalization.CultureInfo.InvariantCulture), count == 1 ? first.Message : group.Key.Message });
            doc.Findings.FailedRows.Add(doc.Findings.Rows.Count - 1);
        }
    }

    private static string StripHex(string message) => System.Text.RegularExpressions.Regex.Replace(message, "0x[0-9A-Fa-f]+", "0x…");

    private static void AddDeviceTable(ReportDocument doc, SimMachine m)
    {
        var table = new ReportTable($"Devices of {m.Name} ({ByteSize.FormatCompact(m.PageSize)} pages, {m.VaBits}-bit VA, kernel {m.KernelVersion})",
            "Device", "Type", "Range", "Size", "Memmap", "Usable", "Struct pages in RAM", "Struct pages on device", "Page tables", "RAM used");
        var usage = m.MeasureUsage().ToDictionary(u => u.Device, StringComparer.Ordinal);
        foreach (DeviceMemory d in m.Devices)
        {
            UsageRow u = usage[d.Name];
            table.Rows.Add(new[]
            {
                d.Name, d.Type.ToString(), Labels.Range(d.Start, d.Size), ByteSize.Format(d.Size), Labels.Memmap(d.MemmapLocation),
                ByteSize.Format(d.UsableBytes), ByteSize.Format(u.VmemmapFromSystemRamBytes), ByteSize.Format(u.VmemmapFromAltmapBytes),
                ByteSize.Format(u.VmemmapPageTableBytes + u.LinearMapPageTableBytes), ByteSize.Format(u.SystemRamUsedBytes),
            });
        }

        doc.Tables.Add(table);
    }
}
