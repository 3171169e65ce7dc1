using System.Collections.Generic;
using VmemmapPS.Core.Mm;

namespace VmemmapPS.Core.Sim;

/// <summary>A NUMA node: its memblock RAM ranges (pfns) and its buddy free area.</summary>
internal sealed class NodeMemory
{
    public NodeMemory(int id) => Id = id;

    public int Id { get; }

    /// <summary>RAM ranges as [startPfn, endPfn).</summary>
    public List<(ulong Start, ulong End)> Ranges { get; } = new();

    public PfnIntervals Free { get; private set; } = new();

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

        return false;
    }

    public NodeMemory Clone()
    {
        var c = new NodeMemory(Id) { TotalPages = TotalPages, Free = Free.Clone() };
        c.Ranges.AddRange(Ranges);
        return c;
    }
}
