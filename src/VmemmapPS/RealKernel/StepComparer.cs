using System;
using System.Collections.Generic;
using VmemmapPS.Core;

namespace VmemmapPS.RealKernel;

/// <summary>
/// Pairs each guest step with its simulation and turns both into comparison rows. The rules:
/// capacity, errno, Oops, WARNING counts and MemTotal are exact; system RAM agrees within the reading's noise plus
/// what Slab, KernelStack and Percpu grew by during the step (driver objects the simulator does not model).
/// </summary>
public static class StepComparer
{
    /// <summary>Spread of the free-page reading after drop_caches, compaction and a pause, measured at about ±0.4 MiB.</summary>
    public const long RamNoiseBytes = 512 * 1024;

    public static IEnumerable<SimKernelComparison> Compare(GuestPlan plan, IReadOnlyList<SimulatedStep> simulated, GuestLog log,
        string simulatedKernel, string logPath)
    {
        int? oopsedAt = null;
        foreach (GuestStep step in plan.Steps)
        {
            SimulatedStep sim = simulated[step.Number - 1];
            log.Steps.TryGetValue(step.Number, out GuestStepReport? real);
            SimKernelComparison Row(string metric, long? s, long? r, long tolerance = 0, string? note = null) => new()
            {
                Scenario = plan.Scenario.Name,
                Kernel = log.Release,
                SimulatedKernel = simulatedKernel,
                PageSize = plan.PageSize,
                Step = step.Number,
                Name = step.Name,
                Metric = metric,
                Simulated = sim.Simulated ? s : null,
                Real = r,
                Tolerance = tolerance,
                Note = sim.Simulated ? note : sim.Note,
                Log = logPath,
            };

            if (real is null)
            {
                // After an Oops the guest stops (its dead probe holds locks): later steps are reported, not compared.
                yield return oopsedAt is int o
                    ? Row("Errno", null, null, note: $"not compared: the guest stopped after the Oops in step {o}")
                    : Row("Errno", sim.Errno, null, note: "the guest did not run this step (see the log)");
                continue;
            }

            int realOops = real.Oopses;
            bool stepOopsed = realOops > 0 || sim.Oops;
            string? afterOops = oopsedAt is int earlier ? $"after the Oops in step {earlier} only Oops and Warnings compare" : null;
            yield return Row("Oops", sim.Oops ? 1 : 0, realOops > 0 ? 1 : 0,
                note: sim.Oops ? "the simulator leaves struct pages of the device unmapped; memmap_init_zone_device writes them" : afterOops);
            yield return Row("Warnings", sim.Warnings, real.Warnings, note: afterOops);
            if (realOops > 0)
            {
                oopsedAt ??= step.Number;
            }

            if (stepOopsed || oopsedAt is not null)
            {
                // The probe died part-way (or an earlier one did, holding its locks): the other readings say nothing.
                continue;
            }

            int realErrno = real.ProbeErrno;
            bool bound = real.Field("driver") is not null;
            long? errno = step.Action == GuestAction.Remove
                ? (real.Field("rc") == "0" ? 0 : real.WriteErrno)
                : realErrno != 0 ? realErrno : bound ? 0 : null;
            yield return Row("Errno", sim.Errno, errno, note: errno is null ? "the device did not bind and the kernel printed no error" : sim.Note);

            if (step.Action == GuestAction.Add && sim.CapacityBytes is not null)
            {
                long? realCapacity = step.Device.Type == DeviceType.DevDax ? real.Number64("daxsize") ?? real.Number64("size") : real.Number64("size");
                yield return Row("CapacityBytes", sim.CapacityBytes, realCapacity);
            }

            if (step.Action == GuestAction.Kmem && errno == 0)
            {
                // The blocks kmem hot-added (new memoryN entries); the guest onlines every one of them.
                yield return Row("MemoryBlocks", sim.MemoryBlocks, real.Number64("blocks"));
                yield return Row("MemmapOnMemory", sim.MemmapOnMemory ? 1 : 0, real.Number64("memmap_on_memory"));
            }

            if (log.Snapshots.TryGetValue(step.Number - 1, out GuestSnapshot? before) && log.Snapshots.TryGetValue(step.Number, out GuestSnapshot? after))
            {
                long pageSize = (long)(log.PageSize != 0 ? log.PageSize : plan.PageSize);
                long slab = Math.Abs(after.UnmodelledKiB - before.UnmodelledKiB) * 1024;
                yield return Row("RamUsedBytes", sim.RamUsedBytes, (before.FreePages - after.FreePages) * pageSize, RamNoiseBytes + slab,
                    $"tolerance: {RamNoiseBytes / 1024} KiB noise + {slab / 1024} KiB Slab/KernelStack/Percpu growth");
                yield return Row("MemTotalDeltaBytes", sim.MemTotalDeltaBytes, (after.MemTotalKiB - before.MemTotalKiB) * 1024);
            }
        }
    }
}
