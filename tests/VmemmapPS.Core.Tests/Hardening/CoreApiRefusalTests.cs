using System.Collections.Generic;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Units;
using Xunit;

namespace VmemmapPS.Core.Tests.Hardening;

/// <summary>What the core API refuses with its own SimException instead of a .NET exception from deep inside.</summary>
public class CoreApiRefusalTests
{
    public static TheoryData<string> MissingParts() => new() { "null node", "null RAM list", "null RAM range" };

    [Theory]
    [MemberData(nameof(MissingParts))]
    public void Boot_RefusesNullPartsOfTheConfig(string part)
    {
        var nodes = part switch
        {
            "null node" => new List<NodeConfig> { new() { Id = 0, Ram = { new RamRange(0x4000_0000, 8 * ByteSize.GiB) } }, null! },
            "null RAM list" => new List<NodeConfig> { new() { Id = 0, Ram = null! } },
            _ => new List<NodeConfig> { new() { Id = 0, Ram = { new RamRange(0x4000_0000, 8 * ByteSize.GiB), null! } } },
        };

        SimException e = Assert.Throws<SimException>(() => SimMachine.Boot(new MachineConfig { Nodes = nodes }));
        Assert.Equal(FailureKind.InvalidMachineConfig, e.Kind);
    }
}
