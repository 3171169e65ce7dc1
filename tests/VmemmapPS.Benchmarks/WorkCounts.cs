using System.Collections.Concurrent;
using System.Linq;
using VmemmapPS.Core;
using VmemmapPS.Core.Arch.Arm64;

namespace VmemmapPS.Benchmarks;

/// <summary>
/// How much page-table work one benchmarked step does: table pages allocated (or freed) and leaf entries
/// written (or cleared), in the vmemmap and the linear map. Measured once per workload outside the timing.
/// </summary>
public sealed class WorkCounts
{
    private static readonly ConcurrentDictionary<string, (WorkCounts Boot, WorkCounts Hotplug)> Cache = new();

    public WorkCounts(ulong tablePages, ulong leafEntries)
    {
        TablePages = tablePages;
        LeafEntries = leafEntries;
    }

    public ulong TablePages { get; }

    public ulong LeafEntries { get; }

    /// <summary>Counts for a benchmark method: Boot counts boot's work, Populate/Free the device's.</summary>
    public static WorkCounts For(string workload, string step)
    {
        (WorkCounts boot, WorkCounts hotplug) = Cache.GetOrAdd(workload, name => Measure(Workload.Get(name)));
        return step == nameof(HotplugBenchmarks.Boot) ? boot : hotplug;
    }

    public static (WorkCounts Boot, WorkCounts Hotplug) Measure(Workload w)
    {
        SimMachine m = SimMachine.Boot(w.Config);
        ulong bootTables = (ulong)m.GetTablePages().Count;
        ulong bootLeaves = m.GetVmemmapMappings().Aggregate(0UL, (s, r) => s + r.Entries)
            + w.Config.Nodes.SelectMany(n => n.Ram).Aggregate(0UL, (s, r) => s + LinearLeaves(m.Geometry, r.Start, r.Size, m.RodataFull));
        ulong tableBytesBefore = TableBytes(m);
        m.AddDevice(w.Device);
        ulong deviceTables = (TableBytes(m) - tableBytesBefore) / m.PageSize;
        ulong deviceLeaves = m.GetVmemmapMappings(w.Device.Name).Aggregate(0UL, (s, r) => s + r.Entries)
            + LinearLeaves(m.Geometry, w.Device.Start, w.Device.Size, m.RodataFull);
        return (new WorkCounts(bootTables, bootLeaves), new WorkCounts(deviceTables, deviceLeaves));
    }

    /// <summary>Table bytes of the usage total; a difference of it is cheap even with tens of millions of tables.</summary>
    private static ulong TableBytes(SimMachine m)
    {
        UsageRow total = m.MeasureUsage().Single(r => r.Device == "(total)");
        return total.VmemmapPageTableBytes + total.LinearMapPageTableBytes;
    }

    /// <summary>
    /// Leaf entries of a linear-map range as __create_pgd_mapping writes them: PTEs under rodata_full,
    /// else the largest aligned block (PUD on 4K, PMD) that fits, PTEs for the ragged edges.
    /// </summary>
    private static ulong LinearLeaves(Arm64Geometry g, ulong start, ulong size, bool rodataFull)
    {
        if (rodataFull)
        {
            return size / g.PageSize;
        }

        ulong leaves = 0;
        ulong addr = start;
        ulong end = start + size;
        while (addr < end)
        {
            ulong step = g.PageSize;
            if (g.PageSize == 4096 && addr % g.PudSize == 0 && end - addr >= g.PudSize)
            {
                step = g.PudSize;
            }
            else if (addr % g.PmdSize == 0 && end - addr >= g.PmdSize)
            {
                step = g.PmdSize;
            }

            addr += step;
            leaves++;
        }

        return leaves;
    }
}
