using System.Collections.Generic;
using VmemmapPS.Core.Errors;

namespace VmemmapPS.Core;

/// <summary>
/// Outcome of a hot-add, hot-remove or direct vmemmap teardown. Kernel failures (-ENOMEM, -EINVAL, -EEXIST)
/// that happen after state changed are reported here, never thrown.
/// </summary>
public sealed class HotplugResult
{
    /// <summary>"Add", "Remove" or "RemoveVmemmap".</summary>
    public string Operation { get; init; } = string.Empty;

    public string Device { get; init; } = string.Empty;

    public bool Success { get; init; }

    /// <summary>0 or the negative errno (-12 ENOMEM, -22 EINVAL, -17 EEXIST, -6 ENXIO).</summary>
    public int Errno { get; init; }

    /// <summary>"ENOMEM" etc., null on success.</summary>
    public string? ErrnoName => Errors.Errno.NameOf(Errno);

    /// <summary>Kernel function that returned the error (e.g. "vmemmap_populate", "altmap_alloc_block_buf").</summary>
    public string? FailedFunction { get; init; }

    /// <summary>What kind of failure (AltmapTooSmall, VmemmapAllocationFailed, SubsectionConflict, ...); null on success.</summary>
    public FailureKind? Failure { get; init; }

    /// <summary>The failure kind's name: the PowerShell error id of this failure.</summary>
    public string? ErrorId => Failure?.ToString();

    public string Message { get; init; } = string.Empty;

    /// <summary>True when the kernel left state behind after a failure (sections of earlier chunks, leaked pages).</summary>
    public bool LeftState { get; init; }

    /// <summary>Free system RAM after minus before, in bytes (negative = RAM consumed).</summary>
    public long SystemRamDeltaBytes { get; init; }

    /// <summary>Warnings raised during this operation.</summary>
    public IReadOnlyList<KernelWarning> Warnings { get; init; } = new List<KernelWarning>();

    /// <summary>The device after the operation (after an Add that succeeded), or as it was (Remove).</summary>
    public DeviceMemory? DeviceMemory { get; init; }
}
