namespace VmemmapPS.Core.Capture;

/// <summary>A dax device the host handed to kmem (daxctl mode system-ram): how to reconfigure it after the hot-add.</summary>
public sealed class ImportedKmem
{
    internal ImportedKmem(bool memmapOnMemory, OnlineType online, ulong? reportedStart, ulong? reportedBytes)
    {
        MemmapOnMemory = memmapOnMemory;
        Online = online;
        ReportedStart = reportedStart;
        ReportedBytes = reportedBytes;
    }

    /// <summary>The dax device's memmap_on_memory attribute (v6.8+) as the capture read it.</summary>
    public bool MemmapOnMemory { get; }

    /// <summary>How its blocks are online: daxctl's online_memblocks and movable.</summary>
    public OnlineType Online { get; }

    /// <summary>The "System RAM (kmem)" resource in /proc/iomem, when the capture has addresses.</summary>
    public ulong? ReportedStart { get; }

    public ulong? ReportedBytes { get; }
}
