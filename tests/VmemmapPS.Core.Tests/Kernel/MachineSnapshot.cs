using System.Globalization;
using System.Linq;
using System.Text;

namespace VmemmapPS.Core.Tests.Kernel;

/// <summary>Everything observable about a machine, as text, to prove a refused operation changed nothing.</summary>
internal static class MachineSnapshot
{
    public static string Take(SimMachine m)
    {
        var sb = new StringBuilder();
        sb.AppendLine(string.Format(CultureInfo.InvariantCulture, "free={0} total={1} devices={2} systemram={3} allocs={4} warnings={5}",
            m.SystemRamFreeBytes, m.SystemRamTotalBytes, m.Devices.Count, m.SystemMemory.Count, m.Allocations.Count, m.Warnings.Count));
        foreach (DeviceMemory d in m.Devices)
        {
            sb.AppendLine(string.Format(CultureInfo.InvariantCulture, "device {0} mode={1} blocks={2}", d.Name, d.Mode, d.MemoryBlocks));
        }

        foreach (MemoryBlockInfo b in m.GetMemoryBlocks())
        {
            sb.AppendLine(string.Format(CultureInfo.InvariantCulture, "blocks {0} {1}+{2} {3} {4}", b.Name, b.FirstBlock, b.Blocks, b.State, b.Zone));
        }
        foreach (UsageRow r in m.MeasureUsage())
        {
            sb.AppendLine(Usage(r));
        }

        foreach (VmemAltmapInfo a in m.GetAltmaps())
        {
            sb.AppendLine(string.Format(CultureInfo.InvariantCulture, "altmap {0} base={1} reserve={2} free={3} alloc={4} align={5}",
                a.Device, a.BasePfn, a.Reserve, a.Free, a.Alloc, a.Align));
        }

        sb.AppendLine(string.Format(CultureInfo.InvariantCulture, "tables={0} mappings={1}", m.GetTablePages().Count, m.GetVmemmapMappings().Count));
        sb.Append(m.DumpPageTables());
        return sb.ToString();
    }

    public static string Usage(UsageRow r) => string.Format(CultureInfo.InvariantCulture,
        "{0} vmemmap={1} altmap={2} ram={3} vtables={4} ltables={5} used={6} free={7} a.alloc={8} a.align={9} a.free={10}",
        r.Device, r.VmemmapBytes, r.VmemmapFromAltmapBytes, r.VmemmapFromSystemRamBytes, r.VmemmapPageTableBytes,
        r.LinearMapPageTableBytes, r.SystemRamUsedBytes, r.SystemRamFreeBytes, r.AltmapAllocPages, r.AltmapAlignPages, r.AltmapFreePages);

    public static string Allocations(SimMachine m) => string.Join("\n", m.Allocations.Select(e => string.Format(CultureInfo.InvariantCulture,
        "{0} {1} {2} {3} {4} 0x{5:X} {6} {7} {8} {9} {10}", e.Sequence, e.Action, e.Source, e.Purpose, e.KernelFunction, e.PhysAddr,
        e.Pages, e.Order, e.Device, e.Node, e.Failed)));
}
