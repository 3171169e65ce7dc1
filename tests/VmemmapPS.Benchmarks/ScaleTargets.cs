using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using VmemmapPS.Core;
using VmemmapPS.Core.Scenarios;
using VmemmapPS.Core.Units;
using VmemmapPS.Core.Versions;

namespace VmemmapPS.Benchmarks;

/// <summary>
/// The scale targets of `--quick`: each measures one promise that cost grows with runs (of entries, sections,
/// devices, log records), never with simulated bytes, as a time, an allocation volume or a ratio in one process.
/// </summary>
public static class ScaleTargets
{
    private const ulong DramBase = ByteSize.GiB;

    /// <summary>One measured target: what was measured, the budget, and whether it holds.</summary>
    public sealed record Result(string Name, string Measured, string Budget, bool Met);

    public static IEnumerable<Func<IEnumerable<Result>>> All => new Func<IEnumerable<Result>>[]
    {
        EarlierBudgets, MapDevGrowth, MapMem16K, Pib4KVa52, ManyDevices, ObserversAfterBigBoot, LogGrowth, Sweep,
    };

    /// <summary>The budgets that must keep holding: each targeted geometry workload, boot included where it says.</summary>
    private static IEnumerable<Result> EarlierBudgets()
    {
        foreach (Workload w in Workload.All)
        {
            if (w.Target.Length == 0)
            {
                continue;
            }

            double start = ThreadCpu.Now();
            SimMachine m = SimMachine.Boot(w.Config);
            double boot = ThreadCpu.Now() - start;
            bool ok = m.AddDevice(w.Device).Success && m.RemoveDevice(w.Device.Name).Success;
            double s = ThreadCpu.Now() - start - (w.BootIncluded ? 0 : boot);
            double limit = w.BootIncluded ? 5.0 : 1.0;
            yield return new Result(w.Name + (w.BootIncluded ? " boot+add+remove" : " add+remove"), F("{0:F3} s", s), F("< {0:F0} s", limit), ok && s < limit);
        }
    }

    /// <summary>4K map=dev, rodata_full off: 64 TiB add+remove against 1 TiB (the cost of simulated bytes shows as ~64x).</summary>
    private static IEnumerable<Result> MapDevGrowth()
    {
        double small = Median(5, () => AddRemove(Machine(4096, 8 * ByteSize.GiB, false), Device(4 * ByteSize.TiB, ByteSize.TiB, true)).Seconds);
        double big = Median(3, () => AddRemove(Machine(4096, 8 * ByteSize.GiB, false), Device(64 * ByteSize.TiB, 64 * ByteSize.TiB, true)).Seconds);
        double ratio = big / small;
        yield return new Result("4K map=dev 64T / 1T add+remove", F("{0:F2} ms / {1:F2} ms = {2:F1}x", big * 1e3, small * 1e3, ratio), "<= 4x", ratio <= 4);
    }

    /// <summary>16K map=mem, rodata_full on: every struct page from the buddy allocator.</summary>
    private static IEnumerable<Result> MapMem16K()
    {
        (double s, long bytes) = AddRemove(Machine(16384, 512 * ByteSize.GiB, true), Device(64 * ByteSize.TiB, 64 * ByteSize.TiB, false));
        yield return new Result("16K map=mem 64T add+remove", F("{0:F3} s, {1:N0} MB", s, bytes >> 20), "< 0.5 s, < 50 MB", s < 0.5 && bytes < 50L << 20);
    }

    /// <summary>4K, VA 52, 6.14: 1 PiB map=dev is 8 M sections (rodata_full off: a page-granular linear map of it would need 2 TiB of tables).</summary>
    private static IEnumerable<Result> Pib4KVa52()
    {
        MachineConfig config = Machine(4096, 8 * ByteSize.GiB, false, vaBits: 52, kernel: "6.14");
        (double s, long bytes) = AddRemove(config, Device(ByteSize.PiB, ByteSize.PiB, true));
        yield return new Result("4K VA52 6.14 1P map=dev add+remove", F("{0:F3} s, {1:N0} MB", s, bytes >> 20), "< 1 s, < 100 MB", s < 1 && bytes < 100L << 20);
    }

    /// <summary>
    /// 100 and then 10,000 devices of 128 MiB, added in address order and removed in a fixed random order: the
    /// cost per operation must not grow with the number of devices; the observers at 10,000 stay interactive.
    /// </summary>
    private static IEnumerable<Result> ManyDevices()
    {
        Devices(100); // JIT: the first pass through the observers runs unoptimised code
        double perOp100 = Median(5, () => Devices(100).PerOp);
        (double perOp10k, double check, double measure) = Devices(10_000);
        double ratio = perOp10k / perOp100;
        yield return new Result("10,000 x 128M add/remove per op vs 100", F("{0:F1} us / {1:F1} us = {2:F1}x", perOp10k * 1e6, perOp100 * 1e6, ratio), "<= 3x", ratio <= 3);
        yield return new Result("Test-SimMachine at 10,000 devices", F("{0:F1} ms", check * 1e3), "< 100 ms", check < 0.1);
        yield return new Result("Measure-Vmemmap at 10,000 devices", F("{0:F1} ms", measure * 1e3), "< 100 ms", measure < 0.1);
    }

    private static (double PerOp, double Check, double Measure) Devices(int n)
    {
        SimMachine m = SimMachine.Boot(Machine(4096, 16 * ByteSize.GiB, true));
        var names = new List<string>(n);
        double start = ThreadCpu.Now();
        for (int i = 0; i < n; i++)
        {
            string name = "pmem" + i.ToString(CultureInfo.InvariantCulture);
            m.AddDevice(new DeviceSpec { Name = name, Type = DeviceType.FsDax, Start = 4 * ByteSize.TiB + (ulong)i * 128 * ByteSize.MiB, Size = 128 * ByteSize.MiB, Altmap = true });
            names.Add(name);
        }

        double adds = ThreadCpu.Now() - start;
        double check = Median(3, () => Time(() => m.CheckInvariants()));
        double measure = Median(3, () => Time(() => m.MeasureUsage()));
        var random = new Random(10);
        start = ThreadCpu.Now();
        while (names.Count > 0)
        {
            int pick = random.Next(names.Count);
            m.RemoveDevice(names[pick]);
            names[pick] = names[names.Count - 1];
            names.RemoveAt(names.Count - 1);
        }

        return ((adds + ThreadCpu.Now() - start) / (2 * n), check, measure);
    }

    /// <summary>A 2 TiB rodata_full boot plus a 64 TiB map=dev device: observers read runs, not pages.</summary>
    private static IEnumerable<Result> ObserversAfterBigBoot()
    {
        SimMachine m = SimMachine.Boot(Machine(4096, 2 * ByteSize.TiB, true));
        m.AddDevice(Device(64 * ByteSize.TiB, 64 * ByteSize.TiB, true));
        m.CheckInvariants();
        (double check, long checkBytes) = TimeAndBytes(() => m.CheckInvariants());
        yield return new Result("Test-SimMachine -Detailed, 2T boot + 64T", F("{0:F1} ms, {1:N0} KB", check * 1e3, checkBytes >> 10), "< 50 ms, < 1 MB", check < 0.05 && checkBytes < 1L << 20);
        double tables = Time(() => m.GetTablePages(PageTableRegion.Vmemmap));
        yield return new Result("Get-SimPageTable -Region Vmemmap there", F("{0:F1} ms", tables * 1e3), "< 50 ms", tables < 0.05);
    }

    /// <summary>100,000 add/remove cycles of one device: the logs keep what a scenario needs, bounded.</summary>
    private static IEnumerable<Result> LogGrowth()
    {
        SimMachine m = SimMachine.Boot(Machine(4096, 8 * ByteSize.GiB, true));
        DeviceSpec spec = Device(4 * ByteSize.TiB, 128 * ByteSize.MiB, true);
        long before = GC.GetTotalMemory(true);
        double start = ThreadCpu.Now();
        for (int i = 0; i < 100_000; i++)
        {
            m.AddDevice(spec);
            m.RemoveDevice(spec.Name);
        }

        double s = ThreadCpu.Now() - start;
        long grown = GC.GetTotalMemory(true) - before;
        GC.KeepAlive(m);
        yield return new Result("100,000 add/remove cycles, retained heap", F("{0:N1} MB in {1:F1} s ({2:N0} records)", grown / 1048576.0, s, m.Allocations.Count), "< 50 MB", grown < 50L << 20);
    }

    /// <summary>
    /// Every page size x five kernels x memmap mode x rodata_full x size from 1 GiB to 64 TiB: 1,020 machines, on every
    /// core. Wall-clock time (the combinations run on several threads), with the process CPU time beside it: on a
    /// shared box the wall clock also counts the neighbours.
    /// </summary>
    private static IEnumerable<Result> Sweep()
    {
        Scenario scenario = ScenarioLoader.Parse(SweepYaml(), "bench-sweep.yaml");
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        ScenarioRun run = ScenarioRunner.Run(scenario);
        double s = clock.Elapsed.TotalSeconds;
        double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        int notBack = run.Rows.Count(r => r.FirstFailure is not null && r.FirstFailure.Contains("systemRamFree"));
        yield return new Result(F("{0:N0}-combination sweep ({1} cores)", run.Rows.Count, Environment.ProcessorCount),
            F("{0:F1} s wall, {1:F1} s CPU ({2} short of baseline)", s, cpuSeconds, notBack), "< 60 s wall", s < 60);
    }

    private static string SweepYaml()
    {
        string sizes = string.Join(", ", Enumerable.Range(0, 17).Select(i => ByteSize.Format(ByteSize.GiB << i).Replace(" ", string.Empty).Replace("iB", string.Empty)));
        return string.Join("\n", new[]
        {
            "name: bench-sweep",
            "machine:",
            "  nodes:",
            "    - { id: 0, ram: [ { start: 0x40000000, size: 32G } ] }",
            "devices:",
            "  - { name: pmem0, type: FsDax, start: 64T, size: 1G, memmap: dev }",
            "steps:",
            "  - add: pmem0",
            "  - checkInvariants: true",
            "  - remove: pmem0",
            "  - checkInvariants: true",
            "    expect: { systemRamFree: { since: boot, value: 0 } }",
            "sweep:",
            "  machine.pageSize: [4K, 16K, 64K]",
            "  machine.kernel: [\"" + string.Join("\", \"", SweepKernels()) + "\"]",
            "  machine.rodataFull: [true, false]",
            "  devices.pmem0.memmap: [dev, mem]",
            "  devices.pmem0.size: [" + sizes + "]",
        }) + "\n";
    }

    /// <summary>Five known kernels spread evenly from the oldest to the newest: the sweep stays the 1,020 machines it was defined as.</summary>
    private static IEnumerable<string> SweepKernels()
    {
        List<string> known = KernelProfile.KnownVersions.ToList();
        return Enumerable.Range(0, 5).Select(i => known[i * (known.Count - 1) / 4]).Distinct();
    }

    private static MachineConfig Machine(ulong pageSize, ulong ram, bool rodataFull, int vaBits = 0, string kernel = KernelProfile.DefaultVersion) => new()
    {
        Name = "bench", PageSize = pageSize, RodataFull = rodataFull, VaBits = vaBits, KernelVersion = kernel,
        Nodes = new List<NodeConfig> { new() { Id = 0, Ram = new List<RamRange> { new(DramBase, ram) } } },
    };

    private static DeviceSpec Device(ulong start, ulong size, bool altmap) =>
        new() { Name = "pmem0", Type = DeviceType.FsDax, Start = start, Size = size, Altmap = altmap };

    /// <summary>Boot (untimed), then add and remove one device: seconds and bytes allocated by the two steps.</summary>
    private static (double Seconds, long Bytes) AddRemove(MachineConfig config, DeviceSpec device)
    {
        SimMachine m = SimMachine.Boot(config);
        return TimeAndBytes(() =>
        {
            HotplugResult add = m.AddDevice(device);
            HotplugResult? remove = add.Success ? m.RemoveDevice(device.Name) : null;
            if (remove is not { Success: true })
            {
                throw new InvalidOperationException($"{config.PageSize} {device.Size}: {add.Message} / {remove?.Message}");
            }
        });
    }

    private static (double Seconds, long Bytes) TimeAndBytes(Action body)
    {
        long bytes = GC.GetAllocatedBytesForCurrentThread();
        double start = ThreadCpu.Now();
        body();
        double s = ThreadCpu.Now() - start;
        return (s, GC.GetAllocatedBytesForCurrentThread() - bytes);
    }

    private static double Time(Action body) => TimeAndBytes(body).Seconds;

    private static double Median(int n, Func<double> sample)
    {
        var xs = Enumerable.Range(0, n).Select(_ => sample()).OrderBy(x => x).ToList();
        return xs[n / 2];
    }

    private static string F(string format, params object[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
}
