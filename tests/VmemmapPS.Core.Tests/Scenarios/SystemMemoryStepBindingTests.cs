using System.Linq;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Scenarios;
using Xunit;

namespace VmemmapPS.Core.Tests.Scenarios;

/// <summary>
/// How the System RAM steps bind: the step names a run reports (built from what the file wrote), the defaults, and
/// each refusal with its code, position and the key path it names.
/// </summary>
public class SystemMemoryStepBindingTests
{
    // Lines 1-4; the first step is on line 5.
    private const string Machine = "machine:\n  pageSize: 4K\n  kernel: \"6.14\"\nsteps:\n";

    private const string Cxl0 = "  - addSystemMemory: { name: cxl0, start: 0x1000000000, size: 1G }\n";

    private static ScenarioStep Step(string steps, int index = 0) => ScenarioAssert.Load(Machine + steps).Steps[index];

    [Fact]
    public void AddSystemMemory_IsNamedByItsRange_AndDefaultsToNodeZeroWithTheMemmapInRam()
    {
        ScenarioStep s = Step(Cxl0);

        Assert.Equal(ScenarioStepKind.AddSystemMemory, s.Kind);
        Assert.Equal("addSystemMemory cxl0 0x1000000000+1G", s.Name);
        Assert.Equal("cxl0", s.Device);
        Assert.Equal(0x1000000000UL, s.SystemMemory!.Start);
        Assert.Equal(1UL << 30, s.SystemMemory.Size);
        Assert.Equal(0, s.SystemMemory.Node);
        Assert.False(s.SystemMemory.MemmapOnMemory);
        Assert.Null(s.SystemMemory.Online);
    }

    [Fact]
    public void AddSystemMemory_WithMemmapOnMemory_SaysSoInItsName_AndKeepsNodeAndOnlineType()
    {
        ScenarioStep s = Step("  - addSystemMemory: { name: cxl0, start: 0x1000000000, size: 2G, node: 3, memmapOnMemory: true, online: movable }\n");

        Assert.Equal("addSystemMemory cxl0 0x1000000000+2G memmapOnMemory", s.Name);
        Assert.Equal(3, s.SystemMemory!.Node);
        Assert.True(s.SystemMemory.MemmapOnMemory);
        Assert.Equal(OnlineType.Movable, s.SystemMemory.Online);
    }

    [Fact]
    public void AddSystemMemory_WithMemmapOnMemoryFalse_IsThePlainAdd()
    {
        ScenarioStep s = Step("  - addSystemMemory: { name: cxl0, start: 0x1000000000, size: 1G, memmapOnMemory: false }\n");

        Assert.Equal("addSystemMemory cxl0 0x1000000000+1G", s.Name);
        Assert.False(s.SystemMemory!.MemmapOnMemory);
    }

    [Theory]
    [InlineData("name: cxl0, start: 0x1000000000", "addSystemMemory needs 'size'")]
    [InlineData("name: cxl0, size: 1G", "addSystemMemory needs 'start'")]
    [InlineData("start: 0x1000000000, size: 1G", "addSystemMemory needs 'name'")]
    public void AddSystemMemory_WithoutARequiredKey_IsMissingKeyAtTheMapping(string keys, string says)
    {
        // "  - addSystemMemory: { " puts the flow mapping's '{' at column 22.
        ScenarioAssert.Refused(Machine + "  - addSystemMemory: { " + keys + " }\n", "MissingKey", 5, 22, says);
    }

    [Theory]
    [InlineData("node: 1024", "BadValue", "addSystemMemory node must be between 0 and 1023, not 1024")]
    [InlineData("node: two", "WrongType", "addSystemMemory node must be a whole number (decimal or 0x hex), not 'two'")]
    public void AddSystemMemory_NodeOutsideTheKernelsRange_IsRefusedAtTheValue(string node, string code, string says)
    {
        // the value follows "  - addSystemMemory: { name: a, start: 0x1000000000, size: 1G, node: " (69 characters)
        ScenarioAssert.Refused(Machine + "  - addSystemMemory: { name: a, start: 0x1000000000, size: 1G, " + node + " }\n", code, 5, 70, says);
    }

    [Fact]
    public void AddSystemMemory_OnlineTypeNotOfTheKernel_ListsTheChoices()
    {
        string choices = string.Join(", ", System.Enum.GetNames<OnlineType>());
        ScenarioAssert.Refused(Machine + "  - addSystemMemory: { name: a, start: 0x1000000000, size: 1G, online: sideways }\n", "BadValue", 5, 72,
            $"addSystemMemory online 'sideways' is not one of: {choices}");
    }

    [Fact]
    public void AddSystemMemory_NameThatIsASequence_MustBeASingleValue()
    {
        ScenarioAssert.Refused(Machine + "  - addSystemMemory: { name: [a], start: 0x1000000000, size: 1G }\n", "WrongType", 5, 30,
            "addSystemMemory name must be a single value, not ");
    }

    [Fact]
    public void AddSystemMemory_EmptyName_IsAnEmptyValue()
    {
        ScenarioAssert.Refused(Machine + "  - addSystemMemory:\n      name:\n      start: 0x1000000000\n      size: 1G\n", "WrongType", 6, 12,
            "addSystemMemory name must be a single value, not an empty value");
    }

    [Fact]
    public void AddSystemMemory_NameThatNoCmdletAccepts_IsBadValue()
    {
        ScenarioAssert.Refused(Machine + "  - addSystemMemory: { name: \"a/b\", start: 0x1000000000, size: 1G }\n", "BadValue", 5, 30,
            "addSystemMemory name: 'a/b' must start with a letter or digit");
    }

    [Fact]
    public void AddSystemMemory_TwiceUnderOneNameInAnyCase_IsBadValueAtTheSecond()
    {
        ScenarioAssert.Refused(Machine + Cxl0 + "  - addSystemMemory: { name: CXL0, start: 0x2000000000, size: 1G }\n", "BadValue", 6, 30,
            "addSystemMemory name: 'CXL0' is already a device or System RAM of this scenario");
    }

    [Fact]
    public void AddSystemMemory_UnderADevicesName_IsBadValue()
    {
        const string yaml = "machine:\n  pageSize: 4K\n  kernel: \"6.14\"\ndevices:\n  - name: pmem0\n    start: 0x8000000000\n    size: 1G\n" +
            "steps:\n  - addSystemMemory: { name: pmem0, start: 0x1000000000, size: 1G }\n";
        ScenarioDiagnostic d = ScenarioAssert.Fails(yaml, FailureKind.ScenarioValidationFailed, "BadValue", 9, 30);
        Assert.Contains("'pmem0' is already a device or System RAM", d.Message);
    }

    [Fact]
    public void RemoveSystemMemory_IsNamedByTheRam()
    {
        ScenarioStep s = Step(Cxl0 + "  - removeSystemMemory: cxl0\n", 1);

        Assert.Equal(ScenarioStepKind.RemoveSystemMemory, s.Kind);
        Assert.Equal("removeSystemMemory cxl0", s.Name);
        Assert.Equal("cxl0", s.Device);
    }

    [Theory]
    [InlineData("", "setSystemMemory cxl0 all blocks None", null, null)]
    [InlineData(", firstBlock: 2, blocks: 3", "setSystemMemory cxl0 blocks 2+3 None", 2UL, 3UL)]
    [InlineData(", firstBlock: 2", "setSystemMemory cxl0 blocks 2+rest None", 2UL, null)]
    [InlineData(", blocks: 3", "setSystemMemory cxl0 blocks 0+3 None", null, 3UL)]
    public void SetSystemMemory_NamesTheBlocksItChanges(string range, string name, ulong? first, ulong? blocks)
    {
        ScenarioStep s = Step(Cxl0 + "  - setSystemMemory: { name: cxl0, online: none" + range + " }\n", 1);

        Assert.Equal(ScenarioStepKind.SetSystemMemory, s.Kind);
        Assert.Equal(name, s.Name);
        Assert.Equal(OnlineType.None, s.Online);
        Assert.Equal(first, s.FirstBlock);
        Assert.Equal(blocks, s.BlockCount);
    }

    [Fact]
    public void SetSystemMemory_OfRamNoStepAdded_IsDanglingAndSaysWhereItLooked()
    {
        ScenarioAssert.Refused(Machine + "  - setSystemMemory: { name: ghost, online: none }\n", "DanglingDevice", 5, 30,
            "setSystemMemory name: no earlier addSystemMemory step adds 'ghost' (and no device has that name)");
    }

    [Fact]
    public void SetSystemMemory_WithoutOnline_IsMissingKey()
    {
        ScenarioAssert.Refused(Machine + Cxl0 + "  - setSystemMemory: { name: cxl0 }\n", "MissingKey", 6, 22, "setSystemMemory needs 'online'");
    }

    [Theory]
    [InlineData("", "setDeviceMemory dax0 SystemRam", false)]
    [InlineData(", memmapOnMemory: true", "setDeviceMemory dax0 SystemRam memmapOnMemory", true)]
    public void SetDeviceMemory_IsNamedByTheDeviceAndTheModeAsTheKernelSpellsIt(string extra, string name, bool onMemory)
    {
        const string device = "machine:\n  pageSize: 4K\n  kernel: \"6.14\"\ndevices:\n  - name: dax0\n    start: 0x8000000000\n    size: 1G\n";
        ScenarioStep s = ScenarioAssert.Load(device + "steps:\n  - setDeviceMemory: { device: dax0, mode: systemram" + extra + " }\n").Steps[0];

        Assert.Equal(ScenarioStepKind.SetDeviceMemory, s.Kind);
        Assert.Equal(name, s.Name);
        Assert.Equal(DeviceMode.SystemRam, s.Mode);
        Assert.Equal(onMemory, s.MemmapOnMemory);
    }

    [Theory]
    [InlineData("sise", "did you mean 'size'?")]                 // one letter off
    [InlineData("sz", "did you mean 'size'?")]                   // two off: the threshold is at least 2, inclusive
    [InlineData("nome", "did you mean 'name'?")]                 // as near to 'node': the first allowed key wins
    [InlineData("MEMMAPONMEMORY", "did you mean 'memmapOnMemory'?")] // a case slip is distance 0
    [InlineData("colour", "allowed keys: name, start, size, node, memmapOnMemory, online")]
    public void AddSystemMemory_UnknownKey_SuggestsTheNearestOrListsThemAll(string key, string says)
    {
        ScenarioAssert.Refused(Machine + "  - addSystemMemory: { " + key + ": 1, name: a, start: 0x1000000000, size: 1G }\n", "UnknownKey", 5, 24,
            $"unknown key '{key}' in addSystemMemory; {says}");
    }

    [Fact]
    public void StepsThatAreNotASequence_AreWrongType()
    {
        ScenarioDiagnostic d = ScenarioAssert.Fails("machine:\n  pageSize: 4K\nsteps: 5\n", FailureKind.ScenarioValidationFailed, "WrongType", 3, 8);
        Assert.Contains("must be a sequence ('- ' items), not the value '5'", d.Message);
    }

    [Fact]
    public void EveryProblemOfAFileIsReported_NotOnlyTheFirst()
    {
        ScenarioException e = Assert.Throws<ScenarioException>(() => ScenarioAssert.Load(Machine +
            "  - addSystemMemory: { name: a, start: 0x1000000000 }\n  - setSystemMemory: { name: a }\n"));

        // The refused add registers no name, so the step naming it is dangling as well.
        Assert.Equal(new[] { "MissingKey", "DanglingDevice", "MissingKey" }, e.Diagnostics.Select(d => d.Code).ToArray());
    }
}
