using System;
using System.Management.Automation;
using VmemmapPS.Core;

namespace VmemmapPS.Commands;

/// <summary>
/// Adapts the core's IProgress&lt;SimProgress&gt; to Write-Progress. The core reports synchronously on the calling
/// (pipeline) thread, so this writes directly; System.Progress&lt;T&gt; would post to another thread, where
/// WriteProgress is not allowed. Only whole-percent changes are written (a 1 TiB add reports thousands of sections).
/// </summary>
internal sealed class PipelineProgress : IProgress<SimProgress>
{
    private readonly Cmdlet _cmdlet;
    private readonly int _activityId;
    private int _lastPercent = -1;
    private string _lastActivity = string.Empty;

    public PipelineProgress(Cmdlet cmdlet, int activityId)
    {
        _cmdlet = cmdlet;
        _activityId = activityId;
    }

    public void Report(SimProgress value)
    {
        int percent = value.Total <= 0 ? 0 : (int)Math.Min(100, value.Current * 100 / value.Total);
        if (percent == _lastPercent && value.Activity == _lastActivity)
        {
            return;
        }

        _lastPercent = percent;
        _lastActivity = value.Activity;
        string activity = string.IsNullOrEmpty(value.Activity) ? "VmemmapPS" : value.Activity;
        string status = string.IsNullOrEmpty(value.Status) ? $"{value.Current}/{value.Total}" : value.Status;
        _cmdlet.WriteProgress(new ProgressRecord(_activityId, activity, status) { PercentComplete = percent });
    }

    /// <summary>Closes the progress bar if one was shown.</summary>
    public void Complete()
    {
        if (_lastPercent < 0)
        {
            return;
        }

        _cmdlet.WriteProgress(new ProgressRecord(_activityId, _lastActivity.Length == 0 ? "VmemmapPS" : _lastActivity, "Done")
        {
            RecordType = ProgressRecordType.Completed,
        });
        _lastPercent = -1;
    }
}
