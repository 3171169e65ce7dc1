using System;
using VmemmapPS.Core;

namespace VmemmapPS;

/// <summary>
/// Carries a failed <see cref="HotplugResult"/> inside an ErrorRecord, so scripts can read
/// <c>$err.Exception.Result</c> (errno, kernel function, whether state was left behind).
/// </summary>
public sealed class SimulatedKernelFailureException : Exception
{
    public SimulatedKernelFailureException(HotplugResult result)
        : base(Describe(result))
    {
        Result = result;
    }

    public HotplugResult Result { get; }

    /// <summary>"Add of 'x' failed: f returned -ENOMEM (-12)", said once (the core's own Message says the same in
    /// other words, so it is not appended); left-behind state gets its own warning from the cmdlet.</summary>
    private static string Describe(HotplugResult result)
    {
        string errno = result.ErrnoName is null ? result.Errno.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"-{result.ErrnoName} ({result.Errno})";
        string function = result.FailedFunction ?? "the kernel";
        string bug = result.Failure == VmemmapPS.Core.Errors.FailureKind.PageTableAllocationFailed ? " (the real kernel BUG()s here: BUG_ON(!ptr))" : string.Empty;
        return $"{result.Operation} of '{result.Device}' failed: {function} returned {errno}{bug}.";
    }
}
