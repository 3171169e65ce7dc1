using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using VmemmapPS.Core;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Sim;

namespace VmemmapPS.Commands;

/// <summary>
/// What every VmemmapPS cmdlet shares: progress through the core's IProgress, refused input (SimException) as
/// ErrorRecords through <see cref="ErrorMapping"/>, and simulated kernel failures as non-terminating errors.
/// </summary>
public abstract class SimCmdletBase : PSCmdlet
{
    /// <summary>One Write-Progress activity id per cmdlet; a scenario's steps use it as ParentActivityId.</summary>
    protected virtual int ProgressActivityId => 1;

    /// <summary>Runs a core call with a progress bar (titled with the cmdlet name) that is always closed afterwards.</summary>
    protected T WithProgress<T>(Func<IProgress<SimProgress>, T> operation) => WithProgress(MyInvocation.MyCommand.Name, operation);

    /// <summary>Runs a core call with a progress bar titled <paramref name="activity"/>, always closed afterwards.</summary>
    protected T WithProgress<T>(string activity, Func<IProgress<SimProgress>, T> operation)
    {
        var progress = new PipelineProgress(this, ProgressActivityId, activity);
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

    /// <summary>
    /// Surfaces what the kernel said during an operation: WARN_ONs as warnings, a failure as a non-terminating
    /// error naming errno and function, and a warning when the kernel left state behind. True on success.
    /// </summary>
    protected bool ReportResult(HotplugResult result, object? target)
    {
        foreach (Run<KernelWarning> run in Runs.Consecutive(result.Warnings, w => w.Function + "|" + w.Condition + "|" + w.Device, w => w.Address, w => w.Count))
        {
            WriteWarning(DescribeKernelWarning(run));
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

    /// <summary>"WARN_ON(cond) in function: message"; the host already prefixes "WARNING: ", so the kernel's own is dropped.</summary>
    /// <summary>One line per run of the same WARN_ON: the first one's text, then how many and over which addresses.</summary>
    internal static string DescribeKernelWarning(Run<KernelWarning> run)
    {
        string first = DescribeKernelWarning(run.First);
        return run.Count == 1
            ? first
            : $"{first} (and {run.Count - 1} more like it, {run.Count} in all, at {Core.Units.ByteSize.Hex(run.FirstAddress)}-{Core.Units.ByteSize.Hex(run.LastAddress)}; Get-SimWarning lists each)";
    }

    internal static string DescribeKernelWarning(KernelWarning warning)
    {
        const string KernelPrefix = "WARNING: ";
        string message = warning.Message.StartsWith(KernelPrefix, StringComparison.Ordinal) ? warning.Message.Substring(KernelPrefix.Length) : warning.Message;
        return $"WARN_ON({warning.Condition}) in {warning.Function}{(message.Length == 0 ? string.Empty : ": " + message)}";
    }

    /// <summary>
    /// ShouldProcess around a mutation only. whatIf tells -WhatIf apart from a declined -Confirm, so -WhatIf -PassThru
    /// can still emit what a real run would produce.
    /// </summary>
    protected bool ShouldMutate(string target, string action, out bool whatIf)
    {
        bool go = ShouldProcess($"Performing the operation \"{action}\" on target \"{target}\".", $"{action} {target}?", action, out ShouldProcessReason reason);
        whatIf = !go && (reason & ShouldProcessReason.WhatIf) != 0;
        return go;
    }

    /// <summary>
    /// The shared shape of a device hot-add/hot-remove: ShouldProcess around the kernel operation only, the
    /// would-be device under -WhatIf -PassThru, kernel failures reported, the affected device emitted with -PassThru.
    /// </summary>
    /// <param name="device">The device as the operation will see it (a preview for an add).</param>
    /// <param name="verb">"Hot-add" or "Hot-remove": the progress title and the start of the ShouldProcess action.</param>
    protected void ChangeDevice(SimMachine machine, DeviceMemory device, string verb, string actionDetail, bool passThru,
        Func<IProgress<SimProgress>, HotplugResult> operation)
    {
        if (!ShouldMutate($"{device} on {machine.Name}", $"{verb} {actionDetail}", out bool whatIf))
        {
            if (whatIf && passThru)
            {
                WriteObject(device);
            }

            return;
        }

        if (TryInvoke(() => WithProgress($"{verb} {device.Name}", operation), device.Name, out HotplugResult result)
            && ReportResult(result, device.Name) && passThru)
        {
            WriteObject(result.DeviceMemory ?? device);
        }
    }

    /// <summary>The device with that name, or a DeviceNotFound error (the same one the core raises).</summary>
    protected bool TryFindDevice(SimMachine machine, string name, out DeviceMemory device)
    {
        DeviceMemory? found = machine.Devices.FirstOrDefault(d => SimNames.Same(d.Name, name));
        device = found!;
        if (found is not null)
        {
            return true;
        }

        WriteError(ErrorMapping.FromSimException(DeviceNotFound(machine, name)));
        return false;
    }

    internal static SimException DeviceNotFound(SimMachine machine, string name)
    {
        string known = machine.Devices.Count == 0 ? "it has none" : "it has " + string.Join(", ", machine.Devices.Select(d => d.Name));
        return new SimException(FailureKind.DeviceNotFound, $"Machine '{machine.Name}' has no device named '{name}' ({known}).", name);
    }

    /// <summary>
    /// Items whose name matches any of the patterns; a pattern without wildcards that matches nothing is an error
    /// (as Get-Process -Name does), a wildcard that matches nothing is not. notFound returns null when the
    /// name is fine after all (a device that exists but has no altmap).
    /// </summary>
    protected IEnumerable<T> FilterByName<T>(IEnumerable<T> items, Func<T, string?> nameOf, string[]? patterns, Func<string, ErrorRecord?> notFound)
    {
        List<T> all = items.ToList();
        List<WildcardPattern>? valid = Compile(patterns);
        foreach (string pattern in patterns ?? Array.Empty<string>())
        {
            if (!WildcardPattern.ContainsWildcardCharacters(pattern) && !all.Any(item => Matches(pattern, nameOf(item)))
                && notFound(pattern) is { } error)
            {
                WriteError(error);
            }
        }

        return all.Where(item => MatchesAny(valid, nameOf(item)));
    }

    /// <summary>A name test for -Name/-Device patterns: no patterns match everything; otherwise a null name (boot,
    /// no device) matches nothing. A malformed pattern ('pmem[') is a non-terminating InvalidWildcardPattern error
    /// and matches nothing, so the rest of the pipeline still runs. Compiled once, because it runs over every table
    /// page of a large machine.</summary>
    protected Func<string?, bool> NameFilter(string[]? patterns)
    {
        List<WildcardPattern>? valid = Compile(patterns);
        return name => MatchesAny(valid, name);
    }

    private List<WildcardPattern>? Compile(string[]? patterns)
    {
        if (patterns is null || patterns.Length == 0)
        {
            return null;
        }

        var valid = new List<WildcardPattern>();
        foreach (string pattern in patterns)
        {
            var wildcard = new WildcardPattern(pattern, WildcardOptions.IgnoreCase);
            try
            {
                // WildcardPattern parses lazily: the first match is where a malformed pattern throws.
                wildcard.IsMatch(string.Empty);
                valid.Add(wildcard);
            }
            catch (WildcardPatternException e)
            {
                WriteError(ErrorMapping.InvalidWildcardPattern(e, pattern));
            }
        }

        return valid;
    }

    private static bool MatchesAny(List<WildcardPattern>? patterns, string? name) =>
        patterns is null || (name is not null && patterns.Any(w => w.IsMatch(name)));

    // Only for patterns without wildcard characters, which always parse.
    private static bool Matches(string pattern, string? name) =>
        name is not null && string.Equals(WildcardPattern.Unescape(pattern), name, StringComparison.OrdinalIgnoreCase);

    /// <summary>Where a piped device goes: -Machine when given, else the machine it came from.</summary>
    protected bool TryResolveTarget(SimMachine? machine, DeviceMemory device, out SimMachine target)
    {
        if (machine is not null)
        {
            target = machine;
            return true;
        }

        return TryResolveOwner(device, out target);
    }

    /// <summary>The machine a device came from: the object it was read from when it has one (so a machine that
    /// took the name since is never hit), else the session machine its Machine property names.</summary>
    protected bool TryResolveOwner(DeviceMemory device, out SimMachine machine)
    {
        if (device.Owner is { } owner)
        {
            machine = owner;
            return true;
        }

        return TryResolveMachine(device.Machine, out machine);
    }

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
