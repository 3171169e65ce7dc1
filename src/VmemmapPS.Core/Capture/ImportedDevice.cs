namespace VmemmapPS.Core.Capture;

/// <summary>One device of a capture: what to hot-add, and the usable size the host's tool reported for it.</summary>
public sealed class ImportedDevice
{
    internal ImportedDevice(DeviceSpec spec, ulong? reportedBytes, string source)
    {
        Spec = spec;
        ReportedBytes = reportedBytes;
        Source = source;
    }

    public DeviceSpec Spec { get; }

    /// <summary>The "size" ndctl or daxctl printed: the capacity after the info block and the memmap.</summary>
    public ulong? ReportedBytes { get; }

    /// <summary>Which file described it.</summary>
    public string Source { get; }
}
