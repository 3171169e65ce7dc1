namespace VmemmapPS.Core;

/// <summary>One row of Measure-Vmemmap on a machine: per device, plus a total row with Device = "(total)".</summary>
public sealed class UsageRow
{
    public string Device { get; init; } = string.Empty;

    public ulong VmemmapBytes { get; init; }

    public ulong VmemmapFromAltmapBytes { get; init; }

    public ulong VmemmapFromSystemRamBytes { get; init; }

    public ulong VmemmapPageTableBytes { get; init; }

    public ulong LinearMapPageTableBytes { get; init; }

    /// <summary>VmemmapFromSystemRamBytes + VmemmapPageTableBytes + LinearMapPageTableBytes.</summary>
    public ulong SystemRamUsedBytes { get; init; }

    /// <summary>Machine's free system RAM (the same on every row).</summary>
    public ulong SystemRamFreeBytes { get; init; }

    public ulong AltmapAllocPages { get; init; }

    public ulong AltmapAlignPages { get; init; }

    public ulong AltmapFreePages { get; init; }

    /// <summary>Hot-added System RAM: bytes at the start of its memory blocks holding their own memmap (not in MemTotal).</summary>
    public ulong MemmapOnMemoryBytes { get; init; }

    /// <summary>
    /// Compound devmaps: vmemmap bytes whose PTEs map a reused tail page instead of a page of their own, i.e. the
    /// memmap RAM the optimisation saves (not in VmemmapBytes, which counts pages that exist).
    /// </summary>
    public ulong VmemmapReusedBytes { get; init; }
}
