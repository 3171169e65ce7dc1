using System;
using System.Management.Automation;
using VmemmapPS.Core;
using VmemmapPS.Core.Errors;

namespace VmemmapPS.Commands;

/// <summary>
/// What every VmemmapPS cmdlet shares: progress through the core's IProgress, refused input (SimException) as
/// ErrorRecords through <see cref="ErrorMapping"/>, and simulated kernel failures as non-terminating errors.
/// </summary>
public abstract class SimCmdletBase : PSCmdlet
{
    /// <summary>One Write-Progress activity id per cmdlet; a scenario's steps use it as ParentActivityId.</summary>
    protected virtual int ProgressActivityId => 1;

    /// <summary>Runs a core call with a progress bar that is always closed afterwards.</summary>
    protected T WithProgress<T>(Func<IProgress<SimProgress>, T> operation)
    {
        var progress = new PipelineProgress(this, ProgressActivityId);
        try
        {
            return operation(progress);
        }
        finally
        {
            progress.Complete();
        }
    }

    /// <summary>Runs a core call; refused input becomes a non-terminating error and false.</summary>
    protected bool TryInvoke<T>(Func<T> operation, object? target, out T result)
    {
        try
        {
            result = operation();
            return true;
        }
        catch (SimException e)
        {
            WriteError(ErrorMapping.FromSimException(e, target));
            result = default!;
            return false;
        }
    }

    /// <summary>Refused input that makes the whole call pointless (bad machine description, bad sizing input).</summary>
    protected void ThrowSimError(SimException exception, object? target = null) =>
        ThrowTerminatingError(ErrorMapping.FromSimException(exception, target));

    /// <summary>
    /// Surfaces what the kernel said during an operation: WARN_ONs as warnings, a failure as a non-terminating
    /// error naming errno and function, and a warning when the kernel left state behind. True on success.
    /// </summary>
    protected bool ReportResult(HotplugResult result, object? target)
    {
        foreach (KernelWarning warning in result.Warnings)
        {
            WriteWarning(DescribeKernelWarning(warning));
        }

        if (result.Success)
        {
            return true;
        }

        WriteError(ErrorMapping.FromKernelFailure(result, target));
        if (result.LeftState)
        {
            WriteWarning($"The simulated kernel left state behind after the failed {result.Operation} of '{result.Device}' "
                + "(as the real kernel does on this path). Get-SimAllocation and Test-SimMachine -Detailed show what remains.");
        }

        return false;
    }

    internal static string DescribeKernelWarning(KernelWarning warning) =>
        $"WARNING in {warning.Function}: WARN_ON({warning.Condition}){(string.IsNullOrEmpty(warning.Message) ? string.Empty : " - " + warning.Message)}";

    /// <summary>Finds a machine of this session by name (DeviceMemory.Machine holds a name).</summary>
    protected bool TryResolveMachine(string name, out SimMachine machine)
    {
        if (Session.SimMachineRegistry.TryGet(name, out machine))
        {
            return true;
        }

        WriteError(ErrorMapping.MachineNotFound(name));
        return false;
    }
}
