namespace VmemmapPS.Core.Capture;

/// <summary>One line of /proc/iomem: a resource of the kernel's iomem_resource tree.</summary>
public sealed class IomemResource
{
    public IomemResource(ulong start, ulong end, string name, int depth, int line)
    {
        Start = start;
        End = end;
        Name = name;
        Depth = depth;
        Line = line;
    }

    /// <summary>First byte.</summary>
    public ulong Start { get; }

    /// <summary>Last byte (inclusive, as /proc/iomem prints it).</summary>
    public ulong End { get; }

    public ulong Size => End - Start + 1;

    /// <summary>"System RAM", "Persistent Memory", "namespace0.0", "dax0.0", "System RAM (kmem)", …</summary>
    public string Name { get; }

    /// <summary>Nesting level: 0 for a top-level resource, one more per two spaces of indent.</summary>
    public int Depth { get; }

    /// <summary>Line in the file, for messages.</summary>
    public int Line { get; }
}
