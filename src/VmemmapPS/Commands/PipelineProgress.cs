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
    private readonly string _activity;
    private int _lastPercent = -1;
    private string _lastStep = string.Empty;

    /// <param name="activity">What the user asked for ("Hot-add pmem0"); the kernel function goes in the status.</param>
    public PipelineProgress(Cmdlet cmdlet, int activityId, string activity)
    {
        _cmdlet = cmdlet;
        _activityId = activityId;
        _activity = activity;
    }

    public void Report(SimProgress value)
    {
        int percent = value.Total <= 0 ? 0 : (int)Math.Min(100, value.Current * 100 / value.Total);
        if (percent == _lastPercent && value.Activity == _lastStep)
        {
            return;
        }

        _lastPercent = percent;
        _lastStep = value.Activity;
        string step = string.IsNullOrEmpty(value.Activity) ? string.Empty : value.Activity + ": ";
        string detail = string.IsNullOrEmpty(value.Status) ? string.Empty : value.Status + " ";
        _cmdlet.WriteProgress(new ProgressRecord(_activityId, _activity, $"{step}{detail}({value.Current}/{value.Total})") { PercentComplete = percent });
    }

    /// <summary>Closes the progress bar if one was shown.</summary>
    public void Complete()
    {
        if (_lastPercent < 0)
        {
            return;
        }

        _cmdlet.WriteProgress(new ProgressRecord(_activityId, _activity, "Done")
        {
            RecordType = ProgressRecordType.Completed,
        });
        _lastPercent = -1;
    }
}
