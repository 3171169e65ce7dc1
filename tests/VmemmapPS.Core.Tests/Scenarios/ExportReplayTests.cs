using System.Collections.Generic;
using System.Linq;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Scenarios;
using VmemmapPS.Core.Sim;
using Xunit;

namespace VmemmapPS.Core.Tests.Scenarios;

/// <summary>
/// Every file Export-SimScenario writes loads and runs back to the machine it came from; a machine it would not
/// rebuild is refused with ScenarioNotReproducible instead of written.
/// </summary>
public class ExportReplayTests
{
    private const ulong Start = 0x1000000000;

    private static SimMachine Boot(string kernel) => SimMachine.Boot(new MachineConfig { Name = "exp0", KernelVersion = kernel });

    private static DeviceSpec Pmem(string name, ulong start, ulong size) => new() { Name = name, Type = DeviceType.FsDax, Start = start, Size = size };

    private static ScenarioRun RunBack(string yaml) => ScenarioRunner.Run(ScenarioLoader.Parse(yaml, "exported.yaml"));

    [Fact]
    public void AFailedAddThatLeftStateIsRefusedAndNamesWhatWasLeft()
    {
        // 5.8 has no vmemmap rollback for a failed map=mem add: the struct pages and tables allocated before the
        // injected -ENOMEM stay, charged to a device that is not registered.
        SimMachine m = Boot("5.8");
        Assert.True(m.AddDevice(Pmem("ok0", Start, 4UL << 30)).Success);
        m.InjectFailure(new FaultSpec { Nth = 3 });
        HotplugResult failed = m.AddDevice(Pmem("pmem0", 2 * Start, 64UL << 30));
        Assert.False(failed.Success);
        Assert.Contains(m.MeasureUsage(), r => r.Device == "pmem0" && r.SystemRamUsedBytes > 0);
        string before = VmemmapPS.Core.Tests.Kernel.MachineSnapshot.Take(m);

        SimException e = Assert.Throws<SimException>(() => ScenarioExporter.Export(m));

        Assert.Equal(FailureKind.ScenarioNotReproducible, e.Kind);
        Assert.Contains("'pmem0' (not registered", e.Message);
        Assert.Equal("exp0", e.Target);
        Assert.Equal(before, VmemmapPS.Core.Tests.Kernel.MachineSnapshot.Take(m));
    }

    [Fact]
    public void AFailedAddThatRolledBackExportsAndRunsBack()
    {
        // The first allocation of the add fails before anything is mapped: nothing is left.
        SimMachine m = Boot("6.6");
        Assert.True(m.AddDevice(Pmem("ok0", Start, 4UL << 30)).Success);
        ulong free = m.SystemRamFreeBytes;
        m.InjectFailure(new FaultSpec { Nth = 1 });
        Assert.False(m.AddDevice(Pmem("pmem0", 2 * Start, 64UL << 30)).Success);
        Assert.Equal(free, m.SystemRamFreeBytes);

        string yaml = ScenarioExporter.Export(m);
        ScenarioRun run = RunBack(yaml);

        Assert.True(run.Pass, yaml);
        Assert.DoesNotContain("pmem0", yaml);
        Assert.Contains(run.Results, r => r.Name == "systemRamFree" && (ulong)r.Actual! == free);
    }

    [Theory]
    [InlineData(5L, null, 1L)]
    [InlineData(2L, 9, 1000L)]
    [InlineData(long.MaxValue, null, long.MaxValue)] // as wide as Add-SimFault takes it
    public void TheArmedFaultIsExportedAsTheLastStep(long nth, int? order, long count)
    {
        // Nothing fired yet: the same fault, counted from the end of the file.
        SimMachine m = Boot("6.6");
        m.InjectFailure(new FaultSpec { Nth = nth, Order = order, Count = count });

        Scenario back = ScenarioLoader.Parse(ScenarioExporter.Export(m), "exported.yaml");

        ScenarioStep last = back.Steps[back.Steps.Count - 1];
        Assert.Equal(ScenarioStepKind.InjectFailure, last.Kind);
        Assert.Equal(nth, last.Fault!.Nth);
        Assert.Equal(order, last.Fault.Order);
        Assert.Equal(count, last.Fault.Count);
    }

    [Fact]
    public void AnArmedMemoryBlockFaultKeepsItsSite()
    {
        SimMachine m = Boot("6.6");
        m.InjectFailure(new FaultSpec { Site = FaultSite.MemoryBlockDevice, Nth = 2 });

        IReadOnlyList<ScenarioStep> steps = ScenarioLoader.Parse(ScenarioExporter.Export(m), "exported.yaml").Steps;

        Assert.Equal(FaultSite.MemoryBlockDevice, steps[steps.Count - 1].Fault!.Site);
        Assert.Equal(2L, steps[steps.Count - 1].Fault!.Nth);
    }

    [Fact]
    public void APartlySpentFaultIsExportedAsWhatRemains()
    {
        // Count 1000 from the 1st order-0 allocation: the add meets the first failure and stops; 999 remain.
        SimMachine m = Boot("6.6");
        m.InjectFailure(new FaultSpec { Nth = 1, Order = 0, Count = 1000 });
        HotplugResult r = m.AddDevice(new DeviceSpec { Name = "cxl0", Type = DeviceType.Generic, Start = Start, Size = 1UL << 30 });
        int failedOrder0 = m.Allocations.Count(a => a.Failed && a.Order == 0);
        Assert.True(failedOrder0 >= 1);
        FaultSpec pending = m.PendingFault!;
        Assert.Equal(1L, pending.Nth);
        Assert.Equal(1000L - failedOrder0, pending.Count);

        if (!r.Success && !r.LeftState)
        {
            IReadOnlyList<ScenarioStep> steps = ScenarioLoader.Parse(ScenarioExporter.Export(m), "exported.yaml").Steps;
            ScenarioStep last = steps[steps.Count - 1];
            Assert.Equal(1000L - failedOrder0, last.Fault!.Count);
        }
    }

    [Theory]
    [InlineData("null")]
    [InlineData("NULL")]
    [InlineData("true")]
    [InlineData("no")]
    [InlineData("123")]
    [InlineData("0x10")]
    [InlineData("pmem0:")]
    [InlineData("dax0.0")]
    public void NamesThatReadAsOtherValuesInPlainYamlExportAndRunBack(string name)
    {
        SimMachine m = SimMachine.Boot(new MachineConfig { Name = name, KernelVersion = "6.6" });
        Assert.True(m.AddDevice(Pmem(name, Start, 4UL << 30)).Success);

        string yaml = ScenarioExporter.Export(m);
        Scenario back = ScenarioLoader.Parse(yaml, "exported.yaml");

        Assert.Equal(name, back.Machine.Name);
        Assert.Equal(name, back.Devices.Single().Name);
        Assert.True(ScenarioRunner.Run(back).Pass, yaml);
    }

    [Theory]
    [InlineData("ab\n")]
    [InlineData("a\nb")]
    [InlineData("ab\r")]
    public void ANameWithALineBreakIsRefusedEverywhere(string name)
    {
        Assert.NotNull(SimNames.Problem(name));
        SimException e = Assert.Throws<SimException>(() => SimMachine.Boot(new MachineConfig { Name = name }));
        Assert.Equal(FailureKind.InvalidName, e.Kind);
        SimMachine m = Boot("6.6");
        Assert.Equal(FailureKind.InvalidName, Assert.Throws<SimException>(() => m.AddDevice(Pmem(name, Start, 4UL << 30))).Kind);
    }

    [Fact]
    public void ARemoveVmemmapIsRefused()
    {
        // A gigabyte of pmem0's memmap torn down while the device stays: adding pmem0 again maps all of it.
        SimMachine m = Boot("6.6");
        Assert.True(m.AddDevice(new DeviceSpec { Name = "pmem0", Type = DeviceType.FsDax, Start = Start, Size = 4UL << 30, Altmap = true }).Success);
        Assert.True(m.RemoveVmemmap(Start, 1UL << 30, "pmem0").Success);

        SimException e = Assert.Throws<SimException>(() => ScenarioExporter.Export(m));

        Assert.Equal(FailureKind.ScenarioNotReproducible, e.Kind);
        Assert.Contains("when the file runs", e.Message);
    }
}
