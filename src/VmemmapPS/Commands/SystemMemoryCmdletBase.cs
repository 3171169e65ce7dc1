using System;
using System.Management.Automation;
using VmemmapPS.Core;

namespace VmemmapPS.Commands;

/// <summary>The shared shape of the System RAM mutations: validate, ShouldProcess around the kernel operation, report.</summary>
public abstract class SystemMemoryCmdletBase : SimMachineCmdletBase
{
    /// <summary>
    /// Refused input (validate) is an error and nothing happens, also under -WhatIf; then ShouldProcess; a kernel
    /// failure is a non-terminating error with the errno; with passThru the object output picks is emitted.
    /// </summary>
    protected void Change(string target, string action, Action validate, Func<HotplugResult> operation, bool passThru,
        Func<HotplugResult, object?> output)
    {
        if (!TryInvoke(() => { validate(); return true; }, target, out _))
        {
            return;
        }

        if (!ShouldMutate($"{target} on {Machine.Name}", action, out _))
        {
            return;
        }

        if (TryInvoke(operation, target, out HotplugResult result) && ReportResult(result, target) && passThru && output(result) is { } item)
        {
            WriteObject(item);
        }
    }
}
