using System;
using System.Collections.Generic;
using System.Management.Automation;
using VmemmapPS.Core;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Scenarios;

namespace VmemmapPS;

/// <summary>
/// The only place that turns failures into ErrorRecords. The error id is always the core's <see cref="FailureKind"/>
/// name (refused input, simulated kernel failures, session and scenario-file failures alike), so scripts can match
/// on FullyQualifiedErrorId; the category comes from the one table below.
/// </summary>
internal static class ErrorMapping
{
    private static readonly Dictionary<FailureKind, ErrorCategory> Categories = new()
    {
        [FailureKind.InvalidGeometry] = ErrorCategory.InvalidArgument,
        [FailureKind.UnknownKernelVersion] = ErrorCategory.InvalidArgument,
        [FailureKind.InvalidMachineConfig] = ErrorCategory.InvalidArgument,
        [FailureKind.InvalidSize] = ErrorCategory.InvalidArgument,
        [FailureKind.InvalidName] = ErrorCategory.InvalidArgument,
        [FailureKind.InvalidDeviceType] = ErrorCategory.InvalidArgument,
        [FailureKind.DeviceMemoryOverlap] = ErrorCategory.ResourceExists,
        [FailureKind.DuplicateDeviceName] = ErrorCategory.ResourceExists,
        [FailureKind.DeviceNotFound] = ErrorCategory.ObjectNotFound,
        [FailureKind.NodeNotFound] = ErrorCategory.ObjectNotFound,
        [FailureKind.UnalignedRange] = ErrorCategory.InvalidArgument,
        [FailureKind.UnsupportedAlignment] = ErrorCategory.InvalidArgument,
        [FailureKind.AltmapTooSmall] = ErrorCategory.LimitsExceeded,
        [FailureKind.InvalidAltmap] = ErrorCategory.InvalidArgument,
        [FailureKind.OutsideMappableRange] = ErrorCategory.LimitsExceeded,
        [FailureKind.InvalidState] = ErrorCategory.InvalidOperation,
        [FailureKind.InvalidFaultSpec] = ErrorCategory.InvalidArgument,
        [FailureKind.NotSupported] = ErrorCategory.NotEnabled,
        [FailureKind.MemoryBlockBusy] = ErrorCategory.ResourceBusy,
        [FailureKind.InvalidCapture] = ErrorCategory.InvalidData,
        [FailureKind.CaptureNotFound] = ErrorCategory.ObjectNotFound,
        [FailureKind.SubsectionConflict] = ErrorCategory.ResourceExists,
        [FailureKind.PageTableAllocationFailed] = ErrorCategory.ResourceUnavailable,
        [FailureKind.VmemmapAllocationFailed] = ErrorCategory.ResourceUnavailable,
        [FailureKind.HotplugFailed] = ErrorCategory.InvalidArgument,
        [FailureKind.NotSystemRam] = ErrorCategory.ObjectNotFound,
        [FailureKind.MachineNotFound] = ErrorCategory.ObjectNotFound,
        [FailureKind.MachineNameInUse] = ErrorCategory.ResourceExists,
        [FailureKind.InvalidWildcardPattern] = ErrorCategory.InvalidArgument,
        [FailureKind.KernelSwitchNotFound] = ErrorCategory.ObjectNotFound,
        [FailureKind.ScenarioFileNotFound] = ErrorCategory.ObjectNotFound,
        [FailureKind.ScenarioFileUnreadable] = ErrorCategory.ReadError,
        [FailureKind.ScenarioParseFailed] = ErrorCategory.InvalidData,
        [FailureKind.ScenarioValidationFailed] = ErrorCategory.InvalidData,
        [FailureKind.ScenarioFileExists] = ErrorCategory.ResourceExists,
        [FailureKind.ScenarioFileWriteFailed] = ErrorCategory.WriteError,
        [FailureKind.ScenarioNotReproducible] = ErrorCategory.InvalidOperation,
        [FailureKind.ReportInputUnsupported] = ErrorCategory.InvalidArgument,
        [FailureKind.ReportInputEmpty] = ErrorCategory.InvalidArgument,
        [FailureKind.ReportFileExists] = ErrorCategory.ResourceExists,
        [FailureKind.ReportFileWriteFailed] = ErrorCategory.WriteError,
        [FailureKind.ReportAssetsMissing] = ErrorCategory.ObjectNotFound,
        [FailureKind.KernelImageNotFound] = ErrorCategory.ObjectNotFound,
        [FailureKind.ModulesPathNotFound] = ErrorCategory.ObjectNotFound,
        [FailureKind.NoDebianKernelForPageSize] = ErrorCategory.InvalidArgument,
        [FailureKind.RealKernelNeedsLinux] = ErrorCategory.NotImplemented,
        [FailureKind.GuestBootFailed] = ErrorCategory.OperationStopped,
        [FailureKind.PageSizeMismatch] = ErrorCategory.InvalidArgument,
        [FailureKind.PreparationScriptMissing] = ErrorCategory.ResourceUnavailable,
        [FailureKind.NoShell] = ErrorCategory.NotInstalled,
        [FailureKind.NoAptGet] = ErrorCategory.NotInstalled,
        [FailureKind.HostToolMissing] = ErrorCategory.NotInstalled,
        [FailureKind.PackageMirrorUnreachable] = ErrorCategory.ConnectionError,
        [FailureKind.KernelPackageNotFound] = ErrorCategory.ObjectNotFound,
        [FailureKind.KernelLacksModule] = ErrorCategory.NotImplemented,
        [FailureKind.KernelImageUnusable] = ErrorCategory.InvalidArgument,
        [FailureKind.KernelPreparationFailed] = ErrorCategory.OperationStopped,
        [FailureKind.HostToolFailed] = ErrorCategory.OperationStopped,
        [FailureKind.GuestCannotExpress] = ErrorCategory.InvalidArgument,
        [FailureKind.MemmapOnMemoryWithoutKmemDevice] = ErrorCategory.InvalidArgument,
        [FailureKind.RealKernelIOError] = ErrorCategory.WriteError,
        [FailureKind.CaptureScriptMissing] = ErrorCategory.ObjectNotFound,
    };

    public static ErrorCategory CategoryOf(FailureKind kind) =>
        Categories.TryGetValue(kind, out ErrorCategory category) ? category : ErrorCategory.NotSpecified;

    /// <summary>The one constructor of VmemmapPS ErrorRecords: id = kind name, category from the table.</summary>
    public static ErrorRecord Record(FailureKind kind, Exception exception, object? target) =>
        new(exception, kind.ToString(), CategoryOf(kind), target);

    /// <summary>
    /// Refused input: the machine did not change. Where a kernel check refused it, the message ends with that
    /// errno (the exception's Errno property holds the number) unless the message already names it.
    /// </summary>
    public static ErrorRecord FromSimException(SimException exception, object? fallbackTarget = null)
    {
        ErrorRecord record = Record(exception.Kind, exception, exception.Target ?? fallbackTarget);
        if (exception.Errno != 0 && exception.ErrnoName is string name && !exception.Message.Contains(name))
        {
            record.ErrorDetails = new ErrorDetails($"{exception.Message} The kernel returns -{name} ({exception.Errno}).");
        }

        return record;
    }

    /// <summary>A DeviceMemory or name pointed at a machine this session does not have.</summary>
    public static ErrorRecord MachineNotFound(string name) =>
        Record(FailureKind.MachineNotFound, new ItemNotFoundException(Session.SimMachineRegistry.NotFoundMessage(name)), name);

    /// <summary>A -Name/-Device pattern WildcardPattern cannot parse ('pmem[').</summary>
    public static ErrorRecord InvalidWildcardPattern(Exception e, string pattern) => Record(FailureKind.InvalidWildcardPattern,
        new ArgumentException($"'{pattern}' is not a valid wildcard pattern: {e.Message} Escape a literal [ or ] with a backtick (`[).", e), pattern);

    /// <summary>Get-SimKernelProfile -Name that names no switch of the timeline.</summary>
    public static ErrorRecord KernelSwitchNotFound(string name, string known) => Record(FailureKind.KernelSwitchNotFound,
        new ItemNotFoundException($"No kernel switch named '{name}'; the timeline has: {known}."), name);

    /// <summary>New-SimMachine with a name another machine of this session has (without -Force).</summary>
    public static ErrorRecord MachineNameInUse(string name) => Record(FailureKind.MachineNameInUse,
        new InvalidOperationException($"A machine named '{name}' already exists in this session. Use another -Name, "
            + $"Remove-SimMachine -Name {name} first, or -Force to replace it."), name);

    /// <summary>A simulated kernel failure (HotplugResult.Success == false): a result, reported as an error.</summary>
    public static ErrorRecord FromKernelFailure(HotplugResult result, object? target) =>
        Record(result.Failure ?? FailureKind.HotplugFailed, new SimulatedKernelFailureException(result), target ?? result.Device);

    /// <summary>A scenario file that does not exist.</summary>
    public static ErrorRecord ScenarioFileNotFound(string path) =>
        Record(FailureKind.ScenarioFileNotFound, new ItemNotFoundException($"Scenario file '{path}' does not exist."), path);

    /// <summary>Parse and validation failures: InvalidData, target = the file, message = file:line:column: why.</summary>
    public static ErrorRecord FromScenarioException(ScenarioException e)
    {
        ErrorRecord record = Record(e.Kind, e, e.Path);
        record.ErrorDetails = new ErrorDetails(e.Message)
        {
            RecommendedAction = "Fix the file at the line and column given; scenarios/README.md documents the format.",
        };
        return record;
    }

    /// <summary>A scenario file that exists but cannot be read.</summary>
    public static ErrorRecord ScenarioFileUnreadable(Exception e, string file) => Record(FailureKind.ScenarioFileUnreadable, e, file);

    /// <summary>Export-SimScenario -NoClobber onto an existing file.</summary>
    public static ErrorRecord ScenarioFileExists(string file) => Record(FailureKind.ScenarioFileExists,
        new System.IO.IOException($"The file '{file}' already exists and -NoClobber was given."), file);

    /// <summary>Export-SimScenario could not write the file.</summary>
    public static ErrorRecord ScenarioFileWriteFailed(Exception e, string file) => Record(FailureKind.ScenarioFileWriteFailed, e, file);

    /// <summary>Export-SimReport was given something it cannot draw.</summary>
    public static ErrorRecord ReportInputUnsupported(object target) => Record(FailureKind.ReportInputUnsupported,
        new ArgumentException($"Export-SimReport takes machines, Measure-Vmemmap -Size rows and Invoke-SimScenario results, not {target.GetType().Name}."), target);

    /// <summary>Export-SimReport got no input it could use, so no file is written.</summary>
    public static ErrorRecord ReportInputEmpty(string file) => Record(FailureKind.ReportInputEmpty,
        new ArgumentException("Export-SimReport received nothing to report on; no file was written."), file);

    /// <summary>Export-SimReport -NoClobber onto an existing file.</summary>
    public static ErrorRecord ReportFileExists(string file) => Record(FailureKind.ReportFileExists,
        new System.IO.IOException($"The file '{file}' already exists and -NoClobber was given."), file);

    /// <summary>Export-SimReport could not write the file.</summary>
    public static ErrorRecord ReportFileWriteFailed(Exception e, string file) => Record(FailureKind.ReportFileWriteFailed, e, file);

    /// <summary>The module's report folder (script, styles, vendored chart libraries) is missing.</summary>
    public static ErrorRecord ReportAssetsMissing(System.IO.FileNotFoundException e) => Record(FailureKind.ReportAssetsMissing, e, e.FileName ?? "report");
}
