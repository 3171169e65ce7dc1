using System;

namespace VmemmapPS.Core.Sim;

/// <summary>Reports at most once per 1% of the work, synchronously.</summary>
internal sealed class ProgressThrottle
{
    private readonly IProgress<SimProgress>? _sink;
    private readonly string _activity;
    private readonly long _total;
    private long _lastReported = -1;

    public ProgressThrottle(IProgress<SimProgress>? sink, string activity, long total)
    {
        _sink = sink;
        _activity = activity;
        _total = Math.Max(1, total);
    }

    /// <summary>Report progress after a section; the status text is only built when a report is actually sent.</summary>
    public void Report(long current, ulong sectionNr)
    {
        if (_sink is null)
        {
            return;
        }

        long percent = current * 100 / _total;
        if (percent == _lastReported && current != _total)
        {
            return;
        }

        _lastReported = percent;
        _sink.Report(new SimProgress { Activity = _activity, Status = "section " + sectionNr.ToString(System.Globalization.CultureInfo.InvariantCulture), Current = current, Total = _total });
    }
}
