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

    /// <summary>A cast integer is not a device type: refused before anything changes (it used to be added and
    /// exported as 'type: 42').</summary>
    [Fact]
    public void AddDevice_RefusesAnUndefinedDeviceType()
    {
        SimMachine m = SimMachine.Boot(new MachineConfig());
        ulong free = m.SystemRamFreeBytes;
        SimException e = Assert.Throws<SimException>(() =>
            m.AddDevice(new DeviceSpec { Name = "x", Type = (DeviceType)42, Start = 0x10_0000_0000UL, Size = ByteSize.GiB }));
        Assert.Equal(FailureKind.InvalidDeviceType, e.Kind);
        Assert.Empty(m.Devices);
        Assert.Equal(free, m.SystemRamFreeBytes);
    }
}
