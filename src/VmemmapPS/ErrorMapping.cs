using System;
using System.Management.Automation;
using VmemmapPS.Core;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Scenarios;

namespace VmemmapPS;

/// <summary>
/// The only place that chooses error ids and categories. Ids are the SimErrorCode names (refused input) or the
/// core's HotplugResult.ErrorId (simulated kernel failures), so users can match on FullyQualifiedErrorId.
/// </summary>
internal static class ErrorMapping
{
    public static ErrorCategory CategoryOf(SimErrorCode code) => code switch
    {
        SimErrorCode.InvalidGeometry => ErrorCategory.InvalidArgument,
        SimErrorCode.UnknownKernelVersion => ErrorCategory.InvalidArgument,
        SimErrorCode.InvalidMachineConfig => ErrorCategory.InvalidArgument,
        SimErrorCode.InvalidSize => ErrorCategory.InvalidArgument,
        SimErrorCode.DeviceMemoryOverlap => ErrorCategory.ResourceExists,
        SimErrorCode.DuplicateDeviceName => ErrorCategory.ResourceExists,
        SimErrorCode.DeviceNotFound => ErrorCategory.ObjectNotFound,
        SimErrorCode.NodeNotFound => ErrorCategory.ObjectNotFound,
        SimErrorCode.UnalignedRange => ErrorCategory.InvalidArgument,
        SimErrorCode.UnsupportedAlignment => ErrorCategory.InvalidArgument,
        SimErrorCode.AltmapTooSmall => ErrorCategory.LimitsExceeded,
        SimErrorCode.InvalidAltmap => ErrorCategory.InvalidArgument,
        SimErrorCode.OutsideMappableRange => ErrorCategory.LimitsExceeded,
        SimErrorCode.InvalidState => ErrorCategory.InvalidOperation,
        SimErrorCode.InvalidFaultSpec => ErrorCategory.InvalidArgument,
        _ => ErrorCategory.NotSpecified,
    };

    /// <summary>Refused input: the machine did not change.</summary>
    public static ErrorRecord FromSimException(SimException exception, object? fallbackTarget = null) =>
        new(exception, exception.Code.ToString(), CategoryOf(exception.Code), exception.Target ?? fallbackTarget);

    /// <summary>A DeviceMemory or name pointed at a machine this session does not have.</summary>
    public static ErrorRecord MachineNotFound(string name) => new(
        new ItemNotFoundException(Session.SimMachineRegistry.NotFoundMessage(name)),
        "MachineNotFound", ErrorCategory.ObjectNotFound, name);

    /// <summary>A simulated kernel failure (HotplugResult.Success == false): a result, reported as an error.</summary>
    public static ErrorRecord FromKernelFailure(HotplugResult result, object? target)
    {
        var exception = new SimulatedKernelFailureException(result);
        string id = string.IsNullOrEmpty(result.ErrorId) ? "KernelFailure" : result.ErrorId!;
        return new ErrorRecord(exception, id, CategoryOfKernelFailure(result), target ?? result.Device);
    }

    /// <summary>The id names a refusal code when the core reuses one; otherwise the errno decides.</summary>
    private static ErrorCategory CategoryOfKernelFailure(HotplugResult result)
    {
        if (result.ErrorId is { } id && Enum.TryParse(id, out SimErrorCode code))
        {
            return CategoryOf(code);
        }

        return result.Errno switch
        {
            -12 => ErrorCategory.ResourceUnavailable, // ENOMEM
            -22 => ErrorCategory.InvalidArgument, // EINVAL
            -17 => ErrorCategory.ResourceExists, // EEXIST
            -6 => ErrorCategory.InvalidArgument, // ENXIO
            -16 => ErrorCategory.ResourceBusy, // EBUSY
            _ => ErrorCategory.NotSpecified,
        };
    }

    /// <summary>A scenario file that does not exist.</summary>
    public static ErrorRecord ScenarioFileNotFound(string path) => new(
        new ItemNotFoundException($"Scenario file '{path}' does not exist."), "ScenarioFileNotFound", ErrorCategory.ObjectNotFound, path);

    /// <summary>Parse and validation failures: InvalidData, target = the file, message = file:line:column: why.</summary>
    public static ErrorRecord FromScenarioException(ScenarioException e) => new(e, e.ErrorId, ErrorCategory.InvalidData, e.Path)
    {
        ErrorDetails = new ErrorDetails(e.Message)
        {
            RecommendedAction = "Fix the file at the line and column given; scenarios/README.md documents the format.",
        },
    };

    /// <summary>A scenario file that exists but cannot be read.</summary>
    public static ErrorRecord ScenarioFileUnreadable(Exception e, string file) => new(e, "ScenarioFileUnreadable", ErrorCategory.ReadError, file);

    /// <summary>Export-SimScenario -NoClobber onto an existing file.</summary>
    public static ErrorRecord ScenarioFileExists(string file) => new(
        new System.IO.IOException($"The file '{file}' already exists and -NoClobber was given."), "ScenarioFileExists", ErrorCategory.ResourceExists, file);

    /// <summary>A machine state that a scenario file cannot express.</summary>
    public static ErrorRecord ScenarioExportUnsupported(Exception e, object target) => new(e, "ScenarioExportUnsupported", ErrorCategory.InvalidData, target);

    /// <summary>Export-SimScenario could not write the file.</summary>
    public static ErrorRecord ScenarioFileWriteFailed(Exception e, string file) => new(e, "ScenarioFileWriteFailed", ErrorCategory.WriteError, file);

    /// <summary>Export-SimReport was given something it cannot draw.</summary>
    public static ErrorRecord ReportInputUnsupported(object target) => new(
        new ArgumentException($"Export-SimReport takes machines, Measure-Vmemmap -Size rows and Invoke-SimScenario results, not {target.GetType().Name}."),
        "ReportInputUnsupported", ErrorCategory.InvalidArgument, target);

    /// <summary>Export-SimReport got no input it could use, so no file is written.</summary>
    public static ErrorRecord ReportInputEmpty(string file) => new(
        new ArgumentException("Export-SimReport received nothing to report on; no file was written."), "ReportInputEmpty", ErrorCategory.InvalidArgument, file);

    /// <summary>Export-SimReport -NoClobber onto an existing file.</summary>
    public static ErrorRecord ReportFileExists(string file) => new(
        new System.IO.IOException($"The file '{file}' already exists and -NoClobber was given."), "ReportFileExists", ErrorCategory.ResourceExists, file);

    /// <summary>Export-SimReport could not write the file.</summary>
    public static ErrorRecord ReportFileWriteFailed(Exception e, string file) => new(e, "ReportFileWriteFailed", ErrorCategory.WriteError, file);

    /// <summary>The module's report folder (script, styles, vendored chart libraries) is missing.</summary>
    public static ErrorRecord ReportAssetsMissing(System.IO.FileNotFoundException e) => new(e, "ReportAssetsMissing", ErrorCategory.ObjectNotFound, e.FileName ?? "report");
}
