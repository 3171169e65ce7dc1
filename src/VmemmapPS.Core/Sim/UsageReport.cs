using System.Collections.Generic;
using System.Linq;
using VmemmapPS.Core.Mm;

namespace VmemmapPS.Core.Sim;

/// <summary>Measure-Vmemmap on a machine: per-device usage from the page owners, the leaf mappings and the altmaps.</summary>
internal static class UsageReport
{
    public static List<UsageRow> Build(Kernel k)
    {
        var names = new List<string>(k.Devices.Select(d => d.Name));
        foreach (OwnedRun r in k.Owners.Runs)
        {
            // a device that is gone but still owns pages (a leak) keeps its row
            if (r.Owner.Device is string dev && !names.Contains(dev, SimNames.Comparer))
            {
                names.Add(dev);
            }
        }

        List<VmemmapMapping> mappings = MappingReport.Build(k, null, null, null);
        ulong free = k.FreePages << k.G.PageShift;
        var rows = new List<UsageRow>();
        foreach (string name in names)
        {
            ulong ram = 0, vmTables = 0, linTables = 0;
            foreach (OwnedRun r in k.Owners.Runs)
            {
                if (!SimNames.Same(r.Owner.Device, name))
                {
                    continue;
                }

                ulong bytes = r.Count << k.G.PageShift;
                switch (r.Owner.Purpose)
                {
                    case PagePurpose.VmemmapData: ram += bytes; break;
                    case PagePurpose.VmemmapTable: vmTables += bytes; break;
                    case PagePurpose.LinearMapTable: linTables += bytes; break;
                }
            }

            DeviceState? dev = k.FindDevice(name);
            ulong fromAltmap = 0;
            if (dev is not null)
            {
                ulong lo = dev.RangeStart, hi = dev.RangeStart + dev.RangeSize;
                foreach (VmemmapMapping m in mappings)
                {
                    if (m.Backing == AllocationSource.Altmap && m.PhysAddr >= lo && m.PhysAddr < hi)
                    {
                        fromAltmap += m.Size;
                    }
                }
            }

            VmemAltmap? a = dev?.Altmap;
            rows.Add(new UsageRow
            {
                Device = name,
                VmemmapBytes = fromAltmap + ram,
                VmemmapFromAltmapBytes = fromAltmap,
                VmemmapFromSystemRamBytes = ram,
                VmemmapPageTableBytes = vmTables,
                LinearMapPageTableBytes = linTables,
                SystemRamUsedBytes = ram + vmTables + linTables,
                SystemRamFreeBytes = free,
                AltmapAllocPages = a?.Alloc ?? 0,
                AltmapAlignPages = a?.Align ?? 0,
                AltmapFreePages = a?.Free ?? 0,
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
