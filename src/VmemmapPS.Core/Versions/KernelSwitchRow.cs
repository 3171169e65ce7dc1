namespace VmemmapPS.Core.Versions;

/// <summary>One timeline switch as a release has it: flat, for tables, CSV and JSON.</summary>
public sealed class KernelSwitchRow
{
    /// <summary>The version as given ("6.12.107+deb12-arm64").</summary>
    public string KernelVersion { get; init; } = string.Empty;

    /// <summary>The upstream release it resolved to ("6.12.107").</summary>
    public string Upstream { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;
    public bool Enabled { get; init; }

    /// <summary>First mainline release with the commit.</summary>
    public string Since { get; init; } = string.Empty;

    /// <summary>First stable point releases carrying a backport, newest branch first ("6.12.20 6.6.84 6.1.132").</summary>
    public string Backports { get; init; } = string.Empty;

    public string Commit { get; init; } = string.Empty;
    public string Subject { get; init; } = string.Empty;
    public Confidence Confidence { get; init; }
    public string Effect { get; init; } = string.Empty;
    public string Evidence { get; init; } = string.Empty;
}
