using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Units;
using Xunit;

namespace VmemmapPS.Core.Tests.Hardening;

/// <summary>Refusal messages that say what is wrong with what the user wrote.</summary>
public class MessageTests
{
    [Theory]
    [InlineData("1.5T", 3UL << 39)]
    [InlineData("0.5G", 1UL << 29)]
    [InlineData("2.25K", 2304UL)]
    [InlineData("1.0M", 1UL << 20)]
    public void FractionalSizes_ParseWhenTheyAreWholeBytes(string text, ulong expected)
    {
        Assert.True(ByteSize.TryParse(text, out ulong value, out string? error), error);
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("1.3", "whole number of bytes")]
    [InlineData("0.1K", "whole number of bytes")]
    [InlineData("16.5P", null)]
    [InlineData("16384.5P", "64 bits")]
    public void FractionalSizes_ThatAreNotWholeBytes_AreRefused(string text, string? why)
    {
        bool ok = ByteSize.TryParse(text, out _, out string? error);
        if (why is null)
        {
            Assert.True(ok, error);
        }
        else
        {
            Assert.False(ok);
            Assert.Contains(why, error);
        }
    }

    /// <summary>A start and size that wrap past 2^64 blame the start (the size alone is fine).</summary>
    [Fact]
    public void WrappingStartPlusSize_NamesTheStart()
    {
        SimMachine m = SimMachine.Boot(new MachineConfig());
        SimException e = Assert.Throws<SimException>(() =>
            m.AddDevice(new DeviceSpec { Name = "x", Type = DeviceType.Generic, Start = 0xFFFF_FFFF_C000_0000UL, Size = ByteSize.GiB * 2 }));
        Assert.Equal(FailureKind.InvalidSize, e.Kind);
        Assert.Equal(0xFFFF_FFFF_C000_0000UL, e.Target);
        Assert.Contains("runs past the end", e.Message);
    }

    [Fact]
    public void ZeroSize_SaysZero()
    {
        SimMachine m = SimMachine.Boot(new MachineConfig());
        SimException e = Assert.Throws<SimException>(() => m.AddDevice(new DeviceSpec { Name = "x", Type = DeviceType.Generic, Start = 0x10_0000_0000UL, Size = 0 }));
        Assert.Contains("size is 0", e.Message);
    }
}
