namespace VmemmapPS.Core;

/// <summary>A kernel WARN_ON / WARN_ONCE / pr_warn that the simulated path hit (Get-SimWarning).</summary>
public sealed class KernelWarning
{
    public long Sequence { get; init; }

    /// <summary>Kernel function containing the check, e.g. "unmap_hotplug_pmd_range".</summary>
    public string Function { get; init; } = string.Empty;

    /// <summary>The condition as the kernel spells it, e.g. "!free_mapped && altmap".</summary>
    public string Condition { get; init; } = string.Empty;

    public ulong Address { get; init; }

    public string? Device { get; init; }

    public string Message { get; init; } = string.Empty;

    /// <summary>
    /// Hits this record stands for: consecutive hits of the same check for the same device (one per PTE or PMD of
    /// a range, say) are stored once; Address and Message are those of the first.
    /// </summary>
    public long Count { get; init; } = 1;
}
