using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Scenarios;
using Xunit;

namespace VmemmapPS.Core.Tests.Scenarios;

/// <summary>
/// How the device-side steps, labels, deltas and report columns bind: the step names a run reports, and each
/// refusal with its code, position and what it says to write instead.
/// </summary>
public class StepBindingTests
{
    // Lines 1-8; the first step is on line 9.
    private const string Head = "machine:\n  pageSize: 4K\n  kernel: \"6.14\"\ndevices:\n  - name: pmem0\n    start: 0x8000000000\n    size: 1G\nsteps:\n";

    private static ScenarioStep Step(string steps, int index = 0) => ScenarioAssert.Load(Head + steps).Steps[index];

    [Theory]
    [InlineData("{ start: 0x8000000000, size: 1G }", null, "removeVmemmap 0x8000000000+1G (no altmap)")]
    [InlineData("{ start: 0x8000000000, size: 2M, device: pmem0 }", "pmem0", "removeVmemmap 0x8000000000+2M (pmem0)")]
    public void RemoveVmemmap_IsNamedByTheRangeAndWhoseAltmapFreesIt(string args, string? device, string name)
    {
        ScenarioStep s = Step("  - removeVmemmap: " + args + "\n");

        Assert.Equal(ScenarioStepKind.RemoveVmemmap, s.Kind);
        Assert.Equal(name, s.Name);
        Assert.Equal(0x8000000000UL, s.Start);
        Assert.Equal(device, s.Device);
    }

    [Fact]
    public void RemoveVmemmap_WithoutSize_IsMissingKey()
    {
        ScenarioAssert.Refused(Head + "  - removeVmemmap: { start: 0x8000000000 }\n", "MissingKey", 9, 20, "removeVmemmap needs 'size'");
    }

    [Fact]
    public void RemoveVmemmap_OfAnUnknownDevicesAltmap_IsDangling()
    {
        // "  - removeVmemmap: { start: 0x8000000000, size: 1G, device: " is 60 characters
        ScenarioAssert.Refused(Head + "  - removeVmemmap: { start: 0x8000000000, size: 1G, device: pmem9 }\n", "DanglingDevice", 9, 61, "pmem9");
    }

    [Theory]
    [InlineData("{}", "injectFailure nth=1 order=any count=1")]
    [InlineData("{ nth: 4, order: 3, count: 2 }", "injectFailure nth=4 order=3 count=2")]
    [InlineData("{ site: MemoryBlockDevice, nth: 2 }", "injectFailure site=MemoryBlockDevice nth=2 count=1")]
    public void InjectFailure_IsNamedByItsSpec(string args, string name)
    {
        ScenarioStep s = Step("  - injectFailure: " + args + "\n");

        Assert.Equal(ScenarioStepKind.InjectFailure, s.Kind);
        Assert.Equal(name, s.Name);
    }

    [Fact]
    public void InjectFailure_OrderAboveTheBuddyAllocatorsLimit_IsBadValue()
    {
        ScenarioAssert.Refused(Head + "  - injectFailure: { order: 31 }\n", "BadValue", 9, 29, "injectFailure order must be between 0 and 30, not 31");
    }

    [Theory]
    [InlineData("true")]
    [InlineData("{}")]
    public void CheckInvariants_TakesNoArguments(string value)
    {
        Assert.Equal(ScenarioStepKind.CheckInvariants, Step("  - checkInvariants: " + value + "\n").Kind);
    }

    [Fact]
    public void CheckInvariants_WithAnArgument_SaysWhatToWrite()
    {
        ScenarioAssert.Refused(Head + "  - checkInvariants: pmem0\n", "WrongType", 9, 22, "checkInvariants takes no arguments: write 'checkInvariants: true'");
    }

    [Theory]
    [InlineData("boot")]
    [InlineData("\"after add\"")]
    public void ALabelThatIsPredefinedOrHasASpace_IsBadValue(string label)
    {
        ScenarioAssert.Refused(Head + "  - label: " + label + "\n", "BadValue", 9, 12, "is not allowed: 'boot' is predefined");
    }

    [Fact]
    public void AStepWithoutAnAction_ListsTheActions()
    {
        ScenarioAssert.Refused(Head + "  - name: nothing\n", "BadValue", 9, 5, "a step needs one action: add, remove, removeVmemmap");
    }

    [Fact]
    public void AStepWithTwoActions_SaysToSplitIt()
    {
        ScenarioAssert.Refused(Head + "  - add: pmem0\n    checkInvariants: true\n", "BadValue", 9, 5,
            "a step has one action, not 2 (add, checkInvariants); make them separate steps");
    }

    [Fact]
    public void ADeltaSinceAnUndefinedLabel_ListsTheLabelsInOrder()
    {
        ScenarioAssert.Refused(Head + "  - label: zeta\n  - label: alpha\n  - add: pmem0\n    expect:\n      systemRamFree: { since: gamma, value: 0 }\n",
            "DanglingLabel", 13, 31, "label 'gamma' is not defined before this step (labels: alpha, boot, zeta)");
    }

    [Fact]
    public void ADeltaWithoutItsValue_IsMissingKey()
    {
        ScenarioAssert.Refused(Head + "  - add: pmem0\n    expect:\n      systemRamFree: { since: boot }\n", "MissingKey", 11, 22,
            "expectation 'systemRamFree' needs 'value'");
    }

    [Fact]
    public void ADeltaWithAnUnknownKey_SuggestsTheKnownOne()
    {
        ScenarioAssert.Refused(Head + "  - add: pmem0\n    expect:\n      systemRamFree: { since: boot, valeu: 0 }\n", "UnknownKey", 11, 37,
            "unknown key 'valeu' in expectation 'systemRamFree'; did you mean 'value'?");
    }

    [Theory]
    [InlineData("success")]          // one step's outcome
    [InlineData("device.pmem0.mode")] // a state, but not a number
    public void ADeltaOfWhatIsNotANumberOfTheState_IsBadValue(string path)
    {
        ScenarioAssert.Refused(Head + "  - add: pmem0\n    expect:\n      " + path + ": { since: boot, value: 0 }\n", "BadValue", 11, 7,
            $"'{path}' is not a number of the machine's state, so it has no difference 'since' a label");
    }

    [Fact]
    public void AReportColumnOfAStepsOutcome_IsBadValue()
    {
        ScenarioAssert.Refused(Head + "  - add: pmem0\nreport:\n  Ok: success\n", "BadValue", 11, 7,
            "'success' describes one step's outcome; a report reads the machine after the last step");
    }

    [Fact]
    public void AReportColumnOfAnUnknownMetric_IsRefusedWithTheCatalogsCode()
    {
        ScenarioException e = Assert.Throws<ScenarioException>(() => ScenarioAssert.Load(Head + "  - add: pmem0\nreport:\n  X: usage.pmem0.nosuchBytes\n"));

        Assert.Contains(e.Diagnostics, d => d.Line == 11 && d.Column == 6 && d.Message.Contains("nosuchBytes", System.StringComparison.Ordinal));
    }
}
