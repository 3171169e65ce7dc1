namespace VmemmapPS.Core;

/// <summary>One physical RAM range of a NUMA node.</summary>
public sealed class RamRange
{
    public RamRange(ulong start, ulong size)
    {
        Start = start;
        Size = size;
    }

    public ulong Start { get; }

    public ulong Size { get; }
}
