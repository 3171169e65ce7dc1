using System.Collections.Generic;

namespace VmemmapPS.Core;

/// <summary>A NUMA node and the RAM it has (possibly none: a memory-only CXL node gets its RAM by hot-add).</summary>
public sealed class NodeConfig
{
    public int Id { get; init; }

    public List<RamRange> Ram { get; init; } = new();
}
