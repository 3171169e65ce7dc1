using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using VmemmapPS.Core;

namespace VmemmapPS.Benchmarks;

/// <summary>
/// Boot, populate (AddDevice) and free (RemoveDevice) per workload. Each iteration starts from a fresh
/// machine built in IterationSetup, so only the step itself is timed.
/// </summary>
[Config(typeof(HotplugConfig))]
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5, invocationCount: 1)]
public class HotplugBenchmarks
{
    private SimMachine? machine;

    [ParamsSource(nameof(Workloads))]
    public string Workload { get; set; } = string.Empty;

    public static IEnumerable<string> Workloads => VmemmapPS.Benchmarks.Workload.All.Select(w => w.Name);

    private Workload Current => VmemmapPS.Benchmarks.Workload.Get(Workload);

    [Benchmark]
    public SimMachine Boot() => SimMachine.Boot(Current.Config);

    [IterationSetup(Target = nameof(Populate))]
    public void BootOnly() => machine = SimMachine.Boot(Current.Config);

    [Benchmark]
    public HotplugResult Populate() => machine!.AddDevice(Current.Device);

    [IterationSetup(Target = nameof(Free))]
    public void BootAndAdd()
    {
        machine = SimMachine.Boot(Current.Config);
        machine.AddDevice(Current.Device);
    }

    [Benchmark]
    public HotplugResult Free() => machine!.RemoveDevice(Current.Device.Name);

    [IterationCleanup]
    public void Drop() => machine = null;
}
