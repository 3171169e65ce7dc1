using VmemmapPS.Core.Errors;

namespace VmemmapPS.Core.Scenarios.Expectations;

/// <summary>What one step did: a HotplugResult, a refused input (SimException), or a non-kernel step.</summary>
internal sealed class StepOutcome
{
    public bool Success { get; init; } = true;

    public int Errno { get; init; }

    public FailureKind? Failure { get; init; }

    public string? ErrorId => Failure?.ToString();

    public string? FailedFunction { get; init; }

    public bool LeftState { get; init; }

    public long RamDeltaBytes { get; init; }

    public int WarningCount { get; init; }

    public string Message { get; init; } = string.Empty;

    /// <summary>"success", or "-12 (ENOMEM) AltmapTooSmall in altmap_alloc_block_buf".</summary>
    public string Describe()
    {
        if (Success)
        {
            return "success";
        }

        string text = Errors.Errno.Describe(Errno);
        if (ErrorId is not null)
        {
            text += " " + ErrorId;
        }

        if (FailedFunction is not null)
        {
            text += " in " + FailedFunction;
        }

        return text;
    }
}
