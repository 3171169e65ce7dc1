using System.Collections.Generic;
using VmemmapPS.Core.Mm;

namespace VmemmapPS.Core.Sim;

/// <summary>
/// A NUMA node: its memblock RAM ranges (pfns), the hot-added pfns onlined since boot, and the buddy free areas of
/// its kernel zones (ZONE_NORMAL serves kernel allocations) and of ZONE_MOVABLE (never serves them).
/// </summary>
internal sealed class NodeMemory
{
    public NodeMemory(int id) => Id = id;

    public int Id { get; }

    /// <summary>RAM ranges as [startPfn, endPfn).</summary>
    public List<(ulong Start, ulong End)> Ranges { get; } = new();

    public PfnIntervals Free { get; private set; } = new();

    /// <summary>Hot-added pfns online in one of this node's zones (managed pages; memmap-on-memory pages excluded).</summary>
    public PfnIntervals Hotplugged { get; private set; } = new();

    /// <summary>Free pages of ZONE_MOVABLE: counted in MemFree, never handed to GFP_KERNEL allocations.</summary>
    public PfnIntervals MovableFree { get; private set; } = new();

    public ulong TotalPages { get; set; }

    public bool ContainsPfn(ulong pfn)
    {
        foreach ((ulong s, ulong e) in Ranges)
        {
            if (pfn >= s && pfn < e)
            {
                return true;
            }
        }

        return Hotplugged.Count != 0 && Hotplugged.ContainsAll(pfn, 1);
    }

    public NodeMemory Clone()
    {
        var c = new NodeMemory(Id)
        {
            TotalPages = TotalPages, Free = Free.Clone(), Hotplugged = Hotplugged.Clone(), MovableFree = MovableFree.Clone(),
        };
        c.Ranges.AddRange(Ranges);
        return c;
    }
}
