using System;

namespace VmemmapPS.Core.Errors;

/// <summary>
/// Input refused before any simulated state changed. Kernel failures that happen after state changed
/// are never thrown: they come back as a failed <see cref="VmemmapPS.Core.HotplugResult"/>.
/// A refusal that mirrors a kernel check carries that check's errno and function; a refusal of input the kernel
/// never sees (a bad name, an unknown node) carries neither.
/// </summary>
public sealed class SimException : Exception
{
    public SimException(FailureKind kind, string message, object? target = null, int errno = 0, string? kernelFunction = null)
        : base(message)
    {
        Kind = kind;
        Target = target;
        Errno = errno;
        KernelFunction = kernelFunction;
    }

    public FailureKind Kind { get; }

    /// <summary>The offending value: a device name, a size, an address, a file path.</summary>
    public object? Target { get; }

    /// <summary>Negative errno the kernel would return for this input (0 when the kernel never sees it).</summary>
    public int Errno { get; }

    /// <summary>"ENOMEM" etc., null when the kernel never sees the input.</summary>
    public string? ErrnoName => Errors.Errno.NameOf(Errno);

    /// <summary>Kernel function whose check refuses the input, when there is one.</summary>
    public string? KernelFunction { get; }
}
