using System;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace VmemmapPS.Benchmarks;

/// <summary>
/// CPU time of the calling thread: on a box shared with other builds, wall-clock time mostly measures the
/// neighbours, while thread CPU time measures the work. Falls back to the Stopwatch where clock_gettime is missing.
/// </summary>
public static class ThreadCpu
{
    private const int ClockThreadCputimeId = 3;
    private static readonly bool Available = Probe();

    /// <summary>Seconds of CPU this thread has used (or wall-clock seconds since start, without the clock).</summary>
    public static double Now()
    {
        if (Available && clock_gettime(ClockThreadCputimeId, out TimeSpec t) == 0)
        {
            return t.Seconds + t.Nanoseconds * 1e-9;
        }

        return Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;
    }

    public static string ClockName => Available ? "thread CPU" : "wall clock";

    private static bool Probe()
    {
        try
        {
            return RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && clock_gettime(ClockThreadCputimeId, out _) == 0;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int clock_gettime(int clockId, out TimeSpec time);
}
