using System.Linq;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Scenarios;
using Xunit;

namespace VmemmapPS.Core.Tests.Scenarios;

/// <summary>Validation of well-formed YAML: every problem is reported with its file, line and column.</summary>
public class ValidationTests
{
    private const string Device = "devices:\n  - name: pmem0\n    start: 0x8000000000\n    size: 64G\n";

    [Fact]
    public void UnknownKeySuggestsTheNearestKey()
    {
        const string yaml = "machine:\n  pagesize: 4K\nsteps: []\n";
        ScenarioDiagnostic d = ScenarioAssert.Fails(yaml, FailureKind.ScenarioValidationFailed, "UnknownKey", 2, 3);
        Assert.Contains("did you mean 'pageSize'", d.Message);
    }

    [Fact]
    public void WrongTypeNamesWhatWasExpected()
    {
        const string yaml = "machine:\n  rodataFull: maybe\nsteps: []\n";
        ScenarioDiagnostic d = ScenarioAssert.Fails(yaml, FailureKind.ScenarioValidationFailed, "WrongType", 2, 15);
        Assert.Contains("true or false", d.Message);
    }

    [Fact]
    public void SequenceWhereAMappingBelongsIsWrongType()
    {
        ScenarioAssert.Fails("machine: [4K]\nsteps: []\n", FailureKind.ScenarioValidationFailed, "WrongType", 1, 10);
    }

    [Fact]
    public void BadSizeIsReportedAtTheValue()
    {
        const string yaml = "devices:\n  - name: pmem0\n    start: 0x8000000000\n    size: 64Q\nsteps: []\n";
        ScenarioDiagnostic d = ScenarioAssert.Fails(yaml, FailureKind.ScenarioValidationFailed, "BadSize", 4, 11);
        Assert.Contains("64Q", d.Message);
    }

    [Fact]
    public void PageSizeMustBeAnArm64Granule()
    {
        ScenarioAssert.Fails("machine:\n  pageSize: 8K\nsteps: []\n", FailureKind.ScenarioValidationFailed, "BadValue", 2, 13);
    }

    [Fact]
    public void DanglingDeviceInAStep()
    {
        string yaml = Device + "steps:\n  - add: pmem1\n";
        ScenarioDiagnostic d = ScenarioAssert.Fails(yaml, FailureKind.ScenarioValidationFailed, "DanglingDevice", 6, 10);
        Assert.Contains("pmem1", d.Message);
    }

    [Fact]
    public void DanglingDeviceInAnExpectation()
    {
        string yaml = Device + "steps:\n  - add: pmem0\n    expect:\n      usage:\n        pmem9:\n          vmemmapBytes: 1G\n";
        ScenarioAssert.Fails(yaml, FailureKind.ScenarioValidationFailed, "DanglingDevice", 10, 11);
    }

    [Fact]
    public void DanglingLabel()
    {
        string yaml = Device + "steps:\n  - add: pmem0\n    expect:\n      systemRamFree: { since: before, value: 0 }\n  - label: before\n";
        ScenarioAssert.Fails(yaml, FailureKind.ScenarioValidationFailed, "DanglingLabel", 8, 31);
    }

    [Fact]
    public void UnknownMetric()
    {
        string yaml = Device + "steps:\n  - add: pmem0\n    expect:\n      usage.pmem0.ramBytes: 1G\n";
        ScenarioDiagnostic d = ScenarioAssert.Fails(yaml, FailureKind.ScenarioValidationFailed, "UnknownMetric", 8, 7);
        Assert.Contains("vmemmapBytes", d.Message);
    }

    [Fact]
    public void StepOutcomeOnlyOnStepsThatHaveOne()
    {
        string yaml = Device + "steps:\n  - label: x\n    expect:\n      errno: ENOMEM\n";
        ScenarioAssert.Fails(yaml, FailureKind.ScenarioValidationFailed, "BadValue", 8, 7);
    }

    [Fact]
    public void AStepHasExactlyOneAction()
    {
        string yaml = Device + "steps:\n  - add: pmem0\n    remove: pmem0\n";
        ScenarioAssert.Fails(yaml, FailureKind.ScenarioValidationFailed, "BadValue", 6, 5);
    }

    [Fact]
    public void BadExpectedSize()
    {
        string yaml = Device + "steps:\n  - add: pmem0\n    expect:\n      usage.pmem0.vmemmapBytes: <= lots\n";
        ScenarioAssert.Fails(yaml, FailureKind.ScenarioValidationFailed, "BadSize", 8, 33);
    }

    [Fact]
    public void NegativeAbsoluteValueIsRefusedButADeltaMayBeNegative()
    {
        string bad = Device + "steps:\n  - add: pmem0\n    expect:\n      systemRamFree: -1G\n";
        ScenarioAssert.Fails(bad, FailureKind.ScenarioValidationFailed, "BadSize", 8, 22);
        string good = Device + "steps:\n  - add: pmem0\n    expect:\n      systemRamFree: { since: boot, value: -1G }\n";
        Assert.Single(ScenarioAssert.Load(good).Steps[0].Expectations);
    }

    [Fact]
    public void AllProblemsAreReportedInOnePass()
    {
        const string yaml = "machine:\n  colour: blue\ndevices:\n  - name: pmem0\n    start: nowhere\n    size: 1G\nsteps:\n  - add: pmem0\n  - add: pmem7\n";
        ScenarioException e = Assert.Throws<ScenarioException>(() => ScenarioAssert.Load(yaml));
        Assert.Equal(new[] { "UnknownKey", "BadSize", "DanglingDevice" }, e.Diagnostics.Select(d => d.Code).ToArray());
        Assert.Equal(new[] { 2, 5, 9 }, e.Diagnostics.Select(d => d.Line).ToArray());
    }

    [Fact]
    public void AltmapOverridesImplyMapDev()
    {
        const string yaml = "devices:\n  - name: cxl0\n    type: generic\n    start: 0x8000000000\n    size: 1T\n    altmap: { reservePages: 0, freePages: 4096 }\nsteps: []\n";
        DeviceSpec d = ScenarioAssert.Load(yaml).Devices.Single();
        Assert.True(d.Altmap);
        Assert.Equal(DeviceType.Generic, d.Type);
        Assert.Equal(4096UL, d.AltmapFreePages);
        Assert.Equal(1UL << 40, d.Size);
    }

    [Fact]
    public void NestedAndDottedExpectationsNameTheSameMetric()
    {
        string yaml = Device + "steps:\n  - add: pmem0\n    expect:\n      usage:\n        pmem0: { vmemmapBytes: 1G }\n      usage.total.vmemmapBytes: '>= 1G'\n";
        var names = ScenarioAssert.Load(yaml).Steps[0].Expectations.Select(e => e.Name).ToArray();
        Assert.Equal(new[] { "usage.pmem0.vmemmapBytes", "usage.total.vmemmapBytes" }, names);
    }

    [Fact]
    public void ReservedWordsAreNotDeviceNames()
    {
        const string yaml = "devices:\n  - name: total\n    start: 0x8000000000\n    size: 1G\nsteps: []\n";
        ScenarioAssert.Fails(yaml, FailureKind.ScenarioValidationFailed, "BadValue", 2, 11);
    }
}
