using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Units;
using Xunit;

namespace VmemmapPS.Core.Tests;

public class ByteSizeTests
{
    [Theory]
    [InlineData("64G", 64UL << 30)]
    [InlineData("64GiB", 64UL << 30)]
    [InlineData("64GB", 64UL << 30)]
    [InlineData("2M", 2UL << 20)]
    [InlineData("0x80000000", 0x80000000UL)]
    [InlineData("0x8000_0000", 0x80000000UL)]
    [InlineData("4096", 4096UL)]
    [InlineData(" 16 k ", 16UL << 10)]
    [InlineData("1P", 1UL << 50)]
    public void Parse_AcceptsUnitsAndHex(string text, ulong expected)
    {
        Assert.Equal(expected, ByteSize.Parse(text));
    }

    [Theory]
    [InlineData("-2147483648")]
    [InlineData("")]
    [InlineData("12Q")]
    [InlineData("0x")]
    [InlineData("0x1_0000_0000_0000_0000")]
    [InlineData("16777216T")]
    public void Parse_RefusesBadInput(string text)
    {
        SimException e = Assert.Throws<SimException>(() => ByteSize.Parse(text));
        Assert.Equal(FailureKind.InvalidSize, e.Kind);
        Assert.Equal(text, e.Target);
    }

    [Theory]
    [InlineData(64UL << 30, "64 GiB")]
    [InlineData(3UL << 19, "1.50 MiB")]
    [InlineData(4096UL, "4 KiB")]
    [InlineData(1000UL, "1000 B")]
    public void Format_PicksExactUnit(ulong bytes, string expected)
    {
        Assert.Equal(expected, ByteSize.Format(bytes));
    }

    [Theory]
    [InlineData(64UL << 30, "64G")]
    [InlineData(2UL << 20, "2M")]
    [InlineData(0x1001UL, "0x1001")]
    [InlineData(1UL << 60, "1024P")]          // P is the largest unit: 1 EiB stays in PiB
    [InlineData(3UL << 60, "3072P")]
    public void FormatCompact_RoundTrips(ulong bytes, string expected)
    {
        Assert.Equal(expected, ByteSize.FormatCompact(bytes));
        Assert.Equal(bytes, ByteSize.Parse(expected));
    }
}
