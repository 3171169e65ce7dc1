using System.Globalization;
using System.Linq;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Scenarios;
using VmemmapPS.Core.Scenarios.Yaml;
using VmemmapPS.Core.Tests.Scenarios;
using Xunit;

namespace VmemmapPS.Core.Tests.Hardening;

/// <summary>Small files that ask for unbounded work: refused when loaded, with the file position, never a crash.</summary>
public class ScenarioLimitsTests
{
    private const string Machine = "devices: [ { name: cxl0, type: Generic, start: 0x1000000000, size: 1G, memmap: mem } ]\n";

    /// <summary>12,000 nested flow sequences used to overflow the stack (the process died with exit 134). The first
    /// sequence beyond the limit is reported: MaxDepth brackets come before it on line 1, so it is at column MaxDepth + 1.</summary>
    [Fact]
    public void DeepFlowNesting_IsRefusedAtTheFirstLevelTooDeep()
    {
        string yaml = "steps: " + new string('[', 12000) + new string(']', 12000) + "\n";
        int column = "steps: ".Length + YamlTreeReader.MaxDepth;
        ScenarioAssert.Fails(yaml, FailureKind.ScenarioParseFailed, "NestingTooDeep", 1, column);
    }

    /// <summary>Block-style nesting is refused the same way: the mapping on line n is at depth n - 1.</summary>
    [Fact]
    public void DeepBlockNesting_IsRefusedToo()
    {
        string yaml = string.Concat(Enumerable.Range(0, 200).Select(i => new string(' ', i) + "a:\n")) + new string(' ', 200) + "b: 1\n";
        ScenarioException e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(yaml, ScenarioAssert.Source));
        Assert.Equal(FailureKind.ScenarioParseFailed, e.Kind);
        Assert.Contains(e.Diagnostics, d => d.Code == "NestingTooDeep" && d.Line == YamlTreeReader.MaxDepth + 1);
    }

    [Fact]
    public void NestingWithinTheLimit_Loads()
    {
        // checkInvariants inside repeats nested to well under the limit (each repeat is four levels: seq, map, map, seq).
        string steps = "[ { checkInvariants: true } ]";
        for (int i = 0; i < 10; i++)
        {
            steps = "[ { repeat: { times: 2, steps: " + steps + " } } ]";
        }

        Scenario s = ScenarioAssert.Load(Machine + "steps: " + steps + "\n");
        // S(0) = 1 and S(k + 1) = 1 + 2 S(k), so S(10) = 2^11 - 1.
        Assert.Equal((1L << 11) - 1, s.StepCount);
    }

    /// <summary>Three lines asking for 10^10 steps: 1 + 100000 * (1 + 100000 * 1) of them, refused at 'steps'.</summary>
    [Fact]
    public void NestedRepeatsBeyondTheStepCap_AreRefused()
    {
        const long times = 100000;
        long total = 1 + times * (1 + times * 1);
        string yaml = Machine + "steps:\n  - repeat: { times: 100000, steps: [ { repeat: { times: 100000, steps: [ { checkInvariants: true } ] } } ] }\n";
        ScenarioDiagnostic d = ScenarioAssert.Fails(yaml, FailureKind.ScenarioValidationFailed, "BadValue", 3, 3);
        Assert.Contains(total.ToString(CultureInfo.InvariantCulture), d.Message);
        Assert.Contains(ScenarioLoader.MaxSteps.ToString(CultureInfo.InvariantCulture), d.Message);
    }

    /// <summary>The cap counts every combination of a sweep: 4 combinations of 1 + 3 * 99999 steps each is over it.</summary>
    [Fact]
    public void SweepTimesStepsBeyondTheCap_IsRefused()
    {
        string yaml = Machine + "steps:\n  - repeat: { times: 99999, steps: [ { checkInvariants: true }, { checkInvariants: true }, { checkInvariants: true } ] }\n"
            + "sweep:\n  devices.cxl0.size: [1G, 2G, 3G, 4G]\n";
        ScenarioException e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(yaml, ScenarioAssert.Source));
        Assert.Contains(e.Diagnostics, d => d.Code == "BadValue" && d.Message.Contains("4 sweep combinations"));
    }
}
