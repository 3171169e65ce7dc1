using System.Collections.Generic;
using System.Linq;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Scenarios;
using Xunit;

namespace VmemmapPS.Core.Tests.Scenarios;

/// <summary>Scenario files follow the same naming rule as the core: dotted names, any case in references.</summary>
public class DeviceNameScenarioTests
{
    private const ulong Size = 16UL << 30;

    // map=mem Generic range on 4K: one 64-byte struct page per 4K page, all from system RAM.
    private const ulong Memmap = Size / 4096 * 64;

    private const string Head = "machine: { pageSize: 4K, vaBits: 48, kernel: \"6.6\" }\n"
        + "devices: [ { name: dax0.0, type: Generic, start: 0x1000000000, size: 16G, memmap: mem } ]\n";

    private static ScenarioRun Run(string yaml, params (string Path, string Value)[] set) => ScenarioAssert.Run(yaml, set);

    [Fact]
    public void ADottedNameWorksInStepsAndMetricPathsInAnyCase()
    {
        ScenarioRun run = Run(Head + $"steps:\n  - add: DAX0.0\n    expect: {{ usage.Dax0.0.vmemmapFromSystemRamBytes: {Memmap}, device.dax0.0.present: true }}\n"
            + "  - remove: dax0.0\n    expect: { device.DAX0.0.present: false }\n");
        Assert.True(run.Pass, string.Join("\n", run.Results.Select(r => $"{r.Name}: {r.Message}")));
        Assert.Equal(Memmap, run.Results.Single(r => r.Name == "usage.Dax0.0.vmemmapFromSystemRamBytes").Actual);
    }

    [Fact]
    public void AnOverrideAddressesADottedDevice()
    {
        ScenarioRun run = Run(Head + $"steps:\n  - add: dax0.0\n    expect: {{ usage.dax0.0.vmemmapFromSystemRamBytes: {Memmap * 2} }}\n",
            ("devices.DAX0.0.size", "32G"));
        Assert.True(run.Pass, string.Join("\n", run.Results.Select(r => $"{r.Name}: {r.Message}")));
    }

    [Fact]
    public void TwoDevicesDifferingOnlyInCaseAreRefused()
    {
        const string yaml = "devices:\n  - { name: pmem0, start: 0x1000000000, size: 16G }\n  - { name: PMEM0, start: 0x1400000000, size: 16G }\nsteps: []\n";
        ScenarioAssert.Fails(yaml, FailureKind.ScenarioValidationFailed, "BadValue", 3, 13);
    }

    [Theory]
    [InlineData("all")]
    [InlineData("Boot")]
    [InlineData("pmem/0")]
    public void ANameTheCoreRefusesIsRefusedInAFile(string name)
    {
        string yaml = $"devices:\n  - {{ name: '{name}', start: 0x1000000000, size: 16G }}\nsteps: []\n";
        ScenarioAssert.Fails(yaml, FailureKind.ScenarioValidationFailed, "BadValue", 2, 13);
    }
}
