using VmemmapPS.Core.Errors;

namespace VmemmapPS.Core.Sim;

/// <summary>
/// How one call into the simulated kernel failed: the errno it returned, the kernel function where the failure
/// started, what kind of failure it is, and whether it left state behind (the kernel's missing rollbacks).
/// </summary>
internal sealed class KernelFailure
{
    public KernelFailure(int errno, string function, FailureKind kind, bool bug, bool leftState)
    {
        Errno = errno;
        Function = function;
        Kind = kind;
        Bug = bug;
        LeftState = leftState;
    }

    /// <summary>Negative errno.</summary>
    public int Errno { get; }

    public string Function { get; }

    public FailureKind Kind { get; }

    /// <summary>The real kernel does not return here: BUG_ON(!ptr) in the linear map's page-table allocator.</summary>
    public bool Bug { get; }

    public bool LeftState { get; }
}
