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

    private static string Describe(HotplugResult result)
    {
        string errno = result.ErrnoName is null ? result.Errno.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"-{result.ErrnoName} ({result.Errno})";
        string function = result.FailedFunction ?? "the kernel";
        string detail = string.IsNullOrEmpty(result.Message) ? string.Empty : ": " + result.Message;
        return $"{result.Operation} of '{result.Device}' failed: {function} returned {errno}{detail}";
    }
}
