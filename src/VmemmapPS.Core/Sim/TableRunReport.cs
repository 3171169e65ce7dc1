using System;
using System.Collections.Generic;

namespace VmemmapPS.Core.Sim;

/// <summary>
/// The page-table pages as runs (<see cref="TablePageRun"/>), read from how they are stored: one unit per table
/// page kept on its own and one per run-compressed span, so the cost follows the stored runs, never the number of
/// table pages. Units are ordered by region, level and VA, and neighbours that continue each other are merged.
/// </summary>
internal static class TableRunReport
{
    private struct Unit
    {
        public PageTableRegion Region;
        public int Level;
        public ulong Tables;
        public ulong Pa;
        public ulong Va;
        public ulong TableSpan;
        public int Used;
        public int Total;
        public bool Uniform;
        public string? Device;
        public int Node;
    }

    public static List<TablePageRun> Build(Kernel k, PageTableRegion? region, int? level)
    {
        var units = new List<Unit>();
        foreach (TablePage t in k.Tables.Values)
        {
            if ((region is null || t.Region == region) && (level is null || t.Level == level))
            {
                units.Add(new Unit
                {
                    Region = t.Region, Level = t.Level, Tables = 1, Pa = t.Pa, Va = t.VaBase, TableSpan = (ulong)t.EntryCount * k.G.EntrySpan(t.Level),
                    Used = t.Used, Total = t.EntryCount, Uniform = t.Uniform, Device = t.Device, Node = t.Node,
                });
            }
        }

        // Spans are full (or, once unmapped, empty) uniform tables: the linear map's PTE tables, a vmemmap's PMD tables; see TableSpan.
        foreach (TableSpan s in k.LiveSpans)
        {
            if ((region is null || s.Region == region) && (level is null || s.Level == level))
            {
                int entries = k.G.EntriesAt(s.Level);
                units.Add(new Unit
                {
                    Region = s.Region, Level = s.Level, Tables = s.Count, Pa = s.Pa0, Va = s.Va0, TableSpan = k.G.EntrySpan(s.Level - 1),
                    Used = s.Cleared ? 0 : entries, Total = entries, Uniform = true, Device = s.Device, Node = s.Node,
                });
            }
        }

        units.Sort((a, b) => a.Region != b.Region ? a.Region.CompareTo(b.Region)
            : a.Level != b.Level ? a.Level.CompareTo(b.Level)
            : a.Va.CompareTo(b.Va));

        var runs = new List<TablePageRun>();
        Unit? open = null;
        foreach (Unit u in units)
        {
            if (open is Unit o && Continues(o, u, k.G.PageSize))
            {
                Unit grown = o;
                grown.Tables += u.Tables;
                open = grown;
                continue;
            }

            if (open is Unit done)
            {
                runs.Add(ToRun(k, done));
            }

            open = u;
        }

        if (open is Unit last)
        {
            runs.Add(ToRun(k, last));
        }

        return runs;
    }

    private static bool Continues(Unit a, Unit b, ulong pageSize) =>
        a.Region == b.Region && a.Level == b.Level && a.Used == b.Used && a.Total == b.Total && a.Uniform == b.Uniform
        && a.TableSpan == b.TableSpan && a.Node == b.Node && string.Equals(a.Device, b.Device, StringComparison.Ordinal)
        && b.Va == a.Va + a.Tables * a.TableSpan && b.Pa == a.Pa + a.Tables * pageSize;

    private static TablePageRun ToRun(Kernel k, Unit u) => new()
    {
        Region = u.Region,
        Level = u.Level,
        LevelName = k.G.LevelName(u.Level),
        Tables = u.Tables,
        PhysAddr = u.Pa,
        Bytes = u.Tables * k.G.PageSize,
        VirtualBase = u.Va,
        Span = u.Tables * u.TableSpan,
        EntriesUsed = u.Used,
        EntriesTotal = u.Total,
        Uniform = u.Uniform,
        Device = u.Device,
        Node = u.Node,
    };
}
