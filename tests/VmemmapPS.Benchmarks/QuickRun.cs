using System;
using System.Collections.Generic;
using System.Globalization;
using VmemmapPS.Core;

namespace VmemmapPS.Benchmarks;

/// <summary>
/// `--quick`: each geometry workload once, timed in thread CPU (no BenchmarkDotNet), after one untimed warm-up pass
/// over the small ones: boot, add and remove seconds, the budget, and the table/leaf work of each step. Then every
/// <see cref="ScaleTargets"/> target with its measured value and budget. `--quick name` runs only the targets
/// whose method name contains name.
/// </summary>
public static class QuickRun
{
    /// <summary>
    /// filter: only targets whose name contains it (the geometry table is skipped when one is given); markdown:
    /// the scale targets as a Markdown table (times are thread CPU time, see <see cref="ThreadCpu"/>).
    /// </summary>
    public static int Run(string? filter = null, bool markdown = false)
    {
        bool allMet = true;
        if (filter is null && !markdown)
        {
            allMet = RunWorkloads();
        }

        Console.WriteLine();
        if (markdown)
        {
            Console.WriteLine("| Scale target | Measured ({0}) | Budget | Met |", ThreadCpu.ClockName);
            Console.WriteLine("|---|---|---|---|");
        }
        else
        {
            Console.WriteLine("{0,-44} {1,-44} {2,-18} {3}", "scale target", "measured", "budget", "met");
        }

        foreach (Func<IEnumerable<ScaleTargets.Result>> target in ScaleTargets.All)
        {
            if (filter is not null && target.Method.Name.IndexOf(filter, StringComparison.OrdinalIgnoreCase) < 0)
            {
                continue;
            }

            foreach (ScaleTargets.Result r in target())
            {
                Console.WriteLine(markdown ? "| {0} | {1} | {2} | {3} |" : "{0,-44} {1,-44} {2,-18} {3}", r.Name, r.Measured, r.Budget, r.Met ? "yes" : "NO");
                allMet &= r.Met;
            }
        }

        Console.WriteLine(allMet ? "all targets met" : "some targets missed");
        return allMet ? 0 : 1;
    }

    private static bool RunWorkloads()
    {
        Console.WriteLine("{0,-24} {1,8} {2,8} {3,8} {4,12} {5,14} {6,14} {7}", "workload", "boot s", "add s", "remove s", "dev tables", "dev leaves", "boot tables", "target");
        // JIT and first-touch costs would otherwise land on whichever target runs first.
        foreach (Workload w in Workload.All)
        {
            if (w.Target.Length == 0)
            {
                SimMachine warm = SimMachine.Boot(w.Config);
                warm.AddDevice(w.Device);
                warm.RemoveDevice(w.Device.Name);
            }
        }

        bool allMet = true;
        foreach (Workload w in Workload.All)
        {
            double clock = ThreadCpu.Now();
            SimMachine m = SimMachine.Boot(w.Config);
            double boot = Lap(ref clock);
            HotplugResult add = m.AddDevice(w.Device);
            double added = Lap(ref clock);
            HotplugResult remove = m.RemoveDevice(w.Device.Name);
            double removed = Lap(ref clock);
            if (!add.Success || !remove.Success)
            {
                Console.WriteLine("{0}: add {1} / remove {2}", w.Name, add.ErrnoName ?? "ok", remove.ErrnoName ?? "ok");
                allMet = false;
                continue;
            }

            (WorkCounts bootWork, WorkCounts deviceWork) = WorkCounts.Measure(w);
            double budgeted = added + removed + (w.BootIncluded ? boot : 0);
            string verdict = w.Target.Length == 0 ? string.Empty : string.Format(CultureInfo.InvariantCulture, "{0}: {1:F3} s", w.Target, budgeted);
            allMet &= w.Target.Length == 0 || budgeted < (w.BootIncluded ? 5.0 : 1.0);
            Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "{0,-24} {1,8:F3} {2,8:F3} {3,8:F3} {4,12:N0} {5,14:N0} {6,14:N0} {7}",
                w.Name, boot, added, removed, deviceWork.TablePages, deviceWork.LeafEntries, bootWork.TablePages, verdict));
        }

        return allMet;
    }

    private static double Lap(ref double clock)
    {
        double now = ThreadCpu.Now();
        double seconds = now - clock;
        clock = now;
        return seconds;
    }
}
