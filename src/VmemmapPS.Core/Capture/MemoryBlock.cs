namespace VmemmapPS.Core.Capture;

/// <summary>One /sys/devices/system/memory/memoryN directory as the capture script tabulates it.</summary>
public sealed class MemoryBlock
{
    public MemoryBlock(string name, ulong index, string state, string validZones, int? node)
    {
        Name = name;
        Index = index;
        State = state;
        ValidZones = validZones;
        Node = node;
    }

    public string Name { get; }

    /// <summary>phys_index: the block's first section number, which is its index when blocks are one section.</summary>
    public ulong Index { get; }

    /// <summary>"online", "offline", "going-offline".</summary>
    public string State { get; }

    public string ValidZones { get; }

    /// <summary>The node the block's nodeN link names; null when the capture has none.</summary>
    public int? Node { get; }

    public bool Online => State == "online";
}
