using System.Globalization;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Scenarios;
using Xunit;

namespace VmemmapPS.Core.Tests.Scenarios;

/// <summary>
/// The proof behind Export-SimScenario, given a file that does not match the machine: it must name the first fact
/// the file gets wrong, in the order the proof compares them (leftovers, System RAM, devices, usage, altmaps,
/// blocks, invariants, the armed fault), and only then a row of the file that fails.
/// </summary>
public class ReplayProofTests
{
    private const ulong Start = 0x1000000000;

    private static SimMachine Boot() => SimMachine.Boot(new MachineConfig { Name = "proof0", KernelVersion = "6.6" });

    private static DeviceSpec Pmem(string name) => new() { Name = name, Type = DeviceType.FsDax, Start = Start, Size = 4UL << 30 };

    private static string Refusal(SimMachine machine, string yaml)
    {
        SimException e = Assert.Throws<SimException>(() => ScenarioReplayCheck.Prove(machine, yaml));
        Assert.Equal(FailureKind.ScenarioNotReproducible, e.Kind);
        Assert.Equal(machine.Name, e.Target);
        Assert.Contains("No file was written.", e.Message);
        return e.Message;
    }

    private static string B(ulong bytes) => bytes.ToString(CultureInfo.InvariantCulture) + " B";

    [Fact]
    public void AFileOfAnEarlierStateIsRefusedAtTheFreeSystemRamItGetsWrong()
    {
        SimMachine m = Boot();
        ulong freeBefore = m.SystemRamFreeBytes;
        string yaml = ScenarioExporter.Export(m);
        Assert.True(m.AddDevice(Pmem("pmem0")).Success);

        string message = Refusal(m, yaml);

        Assert.Contains($"free system RAM is {B(m.SystemRamFreeBytes)} here but {B(freeBefore)} when the file runs", message);
    }

    [Fact]
    public void TheSameDeviceUnderAnotherNameIsNotRebuiltByTheFile()
    {
        // Same range, same spec: every RAM figure agrees, so the first difference is the device itself.
        SimMachine exported = Boot();
        Assert.True(exported.AddDevice(Pmem("pmem0")).Success);
        string yaml = ScenarioExporter.Export(exported);
        SimMachine m = Boot();
        Assert.True(m.AddDevice(Pmem("pmem1")).Success);
        Assert.Equal(exported.SystemRamFreeBytes, m.SystemRamFreeBytes);

        string message = Refusal(m, yaml);

        Assert.Contains("device 'pmem1' (FsDax 0x1000000000+", message);
        Assert.Contains("is not rebuilt by the file", message);
    }

    [Fact]
    public void AFileThatBuildsMoreThanTheMachineHasNamesWhatItBuilds()
    {
        SimMachine m = Boot();
        Assert.True(m.AddDevice(Pmem("pmem1")).Success);
        SimMachine exported = Boot();
        Assert.True(exported.AddDevice(Pmem("pmem0")).Success);
        string yaml = ScenarioExporter.Export(exported);

        // The machine's own facts come first, so pmem1 is what is reported; the other way round pmem0 would be.
        Assert.Contains("device 'pmem1'", Refusal(m, yaml));
        Assert.Contains("device 'pmem0'", Refusal(exported, ScenarioExporter.Export(m)));
    }

    [Fact]
    public void AFaultArmedAfterTheExportIsNamedWithItsSpec()
    {
        SimMachine m = Boot();
        Assert.True(m.AddDevice(Pmem("pmem0")).Success);
        string yaml = ScenarioExporter.Export(m);
        m.InjectFailure(new FaultSpec { Nth = 3, Count = 2 });

        string message = Refusal(m, yaml);

        Assert.Contains($"the armed fault ({FaultSite.PageAlloc} nth 3 order any count 2) is not rebuilt by the file", message);
    }

    [Fact]
    public void AFaultWithAnOrderIsNamedWithThatOrder()
    {
        SimMachine m = Boot();
        string yaml = ScenarioExporter.Export(m);
        m.InjectFailure(new FaultSpec { Nth = 1, Order = 9 });

        Assert.Contains("nth 1 order 9 count 1", Refusal(m, yaml));
    }

    [Fact]
    public void AFileWhoseRowFailsIsRefusedNamingTheRow()
    {
        SimMachine m = Boot();
        Assert.True(m.AddDevice(Pmem("pmem0")).Success);
        string yaml = ScenarioExporter.Export(m);
        Assert.Contains("      devices: 1\n", yaml);
        string tampered = yaml.Replace("      devices: 1\n", "      devices: 2\n");

        string message = Refusal(m, tampered);

        Assert.Contains("of the file fails (devices: expected 2, got 1)", message);
    }

    [Fact]
    public void AFileThatDoesNotLoadIsRefusedWithTheLoadersReason()
    {
        SimMachine m = Boot();

        string message = Refusal(m, "machine: [not, a, mapping]\n");

        Assert.Contains("the file it would write does not load again: proof0.yaml:1:", message);
    }

    [Fact]
    public void AFileWhoseMachineDoesNotBootIsRefused()
    {
        // A layout that loads but that Boot refuses: a second RAM range over the first.
        SimMachine m = Boot();
        string yaml = ScenarioExporter.Export(m).Replace("      ram:\n", "      ram:\n        - start: 0x40000000\n          size: 1G\n");
        string message = Refusal(m, yaml);
        Assert.True(message.Contains("its configuration does not boot again"), message + "\n" + yaml);
    }
}
