namespace VmemmapPS.Core;

/// <summary>Progress report for long operations.</summary>
public sealed class SimProgress
{
    public string Activity { get; init; } = string.Empty;

    public string Status { get; init; } = string.Empty;

    public long Current { get; init; }

    public long Total { get; init; }
}
