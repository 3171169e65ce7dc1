using System.Collections.Generic;
using System.Linq;
using VmemmapPS.Core.Mm;

namespace VmemmapPS.Core.Sim;

/// <summary>
/// Measure-Vmemmap on a machine: per-device usage from the page owners, the leaf mappings and the altmaps, each
/// read once (a device's totals are accumulated as its runs come by).
/// </summary>
internal static class UsageReport
{
    private sealed class Totals
    {
        public ulong Ram, VmTables, LinTables, FromAltmap, Reused;
    }

    public static List<UsageRow> Build(Kernel k)
    {
        var names = new List<string>(k.Devices.Select(d => d.Name));
        var totals = new Dictionary<string, Totals>(SimNames.Comparer);
        foreach (string name in names)
        {
            totals.Add(name, new Totals());
        }

        foreach (SystemRamState ram in k.SystemRam)
        {
            if (!totals.ContainsKey(ram.Owner))
            {
                names.Add(ram.Owner);
                totals.Add(ram.Owner, new Totals());
            }
        }

        foreach (OwnedRun r in k.Owners.Runs)
        {
            if (r.Owner.Device is not string dev)
            {
                continue;
            }

            if (!totals.TryGetValue(dev, out Totals? t))
            {
                // a device that is gone but still owns pages (a leak) keeps its row
                names.Add(dev);
                totals.Add(dev, t = new Totals());
            }

            ulong bytes = r.Count << k.G.PageShift;
            switch (r.Owner.Purpose)
            {
                case PagePurpose.VmemmapData: t.Ram += bytes; break;
                case PagePurpose.VmemmapTable: t.VmTables += bytes; break;
                case PagePurpose.LinearMapTable: t.LinTables += bytes; break;
            }
        }

        foreach (VmemmapMapping m in MappingReport.Build(k, null, null, null))
        {
            if (m.ReusedPage && m.Device is string sharer && totals.TryGetValue(sharer, out Totals? shared))
            {
                shared.Reused += m.Size;
                continue;
            }

            if (m.Backing != AllocationSource.Altmap)
            {
                continue;
            }

            // memmap_on_memory: the altmap pages sit at the start of hot-added System RAM blocks
            if (k.Devices.AtAddress(m.PhysAddr) is DeviceState dev)
            {
                totals[dev.Name].FromAltmap += m.Size;
            }
            else if (k.SystemRamOfPfn(k.PfnOf(m.PhysAddr)) is SystemRamState ram)
            {
                totals[ram.Owner].FromAltmap += m.Size;
            }
        }

        ulong free = k.FreePages << k.G.PageShift;
        var rows = new List<UsageRow>();
        foreach (string name in names)
        {
            Totals t = totals[name];
            VmemAltmap? a = k.FindDevice(name)?.Altmap;
            SystemRamState? sysRam = k.SystemRam.Find(r => SimNames.Same(r.Owner, name));
            rows.Add(new UsageRow
            {
                Device = name,
                VmemmapBytes = t.FromAltmap + t.Ram,
                VmemmapFromAltmapBytes = t.FromAltmap,
                VmemmapFromSystemRamBytes = t.Ram,
                VmemmapPageTableBytes = t.VmTables,
                LinearMapPageTableBytes = t.LinTables,
                SystemRamUsedBytes = t.Ram + t.VmTables + t.LinTables,
                SystemRamFreeBytes = free,
                AltmapAllocPages = a?.Alloc ?? 0,
                AltmapAlignPages = a?.Align ?? 0,
                AltmapFreePages = a?.Free ?? 0,
                MemmapOnMemoryBytes = sysRam is { MemmapOnMemory: true } ? sysRam.Blocks.Count * sysRam.VmemmapPagesPerBlock << k.G.PageShift : 0,
                VmemmapReusedBytes = t.Reused,
            });
        }

        rows.Add(new UsageRow
        {
            Device = "(total)",
            VmemmapBytes = Sum(rows, r => r.VmemmapBytes),
            VmemmapFromAltmapBytes = Sum(rows, r => r.VmemmapFromAltmapBytes),
            VmemmapFromSystemRamBytes = Sum(rows, r => r.VmemmapFromSystemRamBytes),
            VmemmapPageTableBytes = Sum(rows, r => r.VmemmapPageTableBytes),
            LinearMapPageTableBytes = Sum(rows, r => r.LinearMapPageTableBytes),
            SystemRamUsedBytes = Sum(rows, r => r.SystemRamUsedBytes),
            SystemRamFreeBytes = free,
            AltmapAllocPages = Sum(rows, r => r.AltmapAllocPages),
            AltmapAlignPages = Sum(rows, r => r.AltmapAlignPages),
            AltmapFreePages = Sum(rows, r => r.AltmapFreePages),
            MemmapOnMemoryBytes = Sum(rows, r => r.MemmapOnMemoryBytes),
            VmemmapReusedBytes = Sum(rows, r => r.VmemmapReusedBytes),
        });
        return rows;
    }

    private static ulong Sum(List<UsageRow> rows, System.Func<UsageRow, ulong> f)
    {
        ulong s = 0;
        foreach (UsageRow r in rows)
        {
            s += f(r);
        }

        return s;
    }
}
