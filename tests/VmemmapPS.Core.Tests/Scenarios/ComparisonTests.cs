using VmemmapPS.Core.Scenarios.Expectations;
using Xunit;

namespace VmemmapPS.Core.Tests.Scenarios;

/// <summary>Expected values: exact by default, operators and inclusive ranges for numbers, sizes with units.</summary>
public class ComparisonTests
{
    private static bool Check(string expected, MetricKind kind, object actual)
    {
        Assert.True(Comparison.TryParse(expected, kind, out Comparison? c, out string? error), error);
        return c!.Matches(actual);
    }

    [Theory]
    [InlineData("1G", 1UL << 30, true)]
    [InlineData("1G", (1UL << 30) + 1, false)]
    [InlineData("0x40000000", 1UL << 30, true)]
    [InlineData("1024M", 1UL << 30, true)]
    [InlineData("< 1G", (1UL << 30) - 1, true)]
    [InlineData("< 1G", 1UL << 30, false)]
    [InlineData("<= 1G", 1UL << 30, true)]
    [InlineData("> 0", 1UL, true)]
    [InlineData("> 0", 0UL, false)]
    [InlineData(">= 2M", 2UL << 20, true)]
    [InlineData("1G..2G", 3UL << 29, true)]
    [InlineData("1G..2G", 2UL << 30, true)]
    [InlineData("1G..2G", (2UL << 30) + 1, false)]
    public void Bytes(string expected, ulong actual, bool match) => Assert.Equal(match, Check(expected, MetricKind.Bytes, actual));

    [Theory]
    [InlineData("-2M", -2L * 1024 * 1024, true)]
    [InlineData("0", 0L, true)]
    [InlineData("<= 0", -4096L, true)]
    [InlineData("-4K..4K", 4097L, false)]
    public void SignedBytes(string expected, long actual, bool match) => Assert.Equal(match, Check(expected, MetricKind.SignedBytes, actual));

    [Theory]
    [InlineData("512", 512UL, true)]
    [InlineData("0x200", 512UL, true)]
    [InlineData("4_194_304", 4194304UL, true)]
    [InlineData("1..3", 4UL, false)]
    public void Counts(string expected, ulong actual, bool match) => Assert.Equal(match, Check(expected, MetricKind.Count, actual));

    [Theory]
    [InlineData("ENOMEM", -12, true)]
    [InlineData("-ENOMEM", -12, true)]
    [InlineData("-12", -12, true)]
    [InlineData("EINVAL", -12, false)]
    [InlineData("0", 0, true)]
    public void Errnos(string expected, int actual, bool match) => Assert.Equal(match, Check(expected, MetricKind.Errno, actual));

    [Fact]
    public void TextBoolAndPassFailAreExact()
    {
        Assert.True(Check("AltmapTooSmall", MetricKind.Text, "AltmapTooSmall"));
        Assert.False(Check("AltmapTooSmall", MetricKind.Text, "altmaptoosmall"));
        Assert.True(Check("false", MetricKind.Bool, false));
        Assert.False(Check("true", MetricKind.Bool, false));
        Assert.True(Check("pass", MetricKind.PassFail, "pass"));
    }

    [Theory]
    [InlineData("1K", "Count")]
    [InlineData("-1", "Count")]
    [InlineData("-1G", "Bytes")]
    [InlineData("2G..1G", "Bytes")]
    [InlineData("yes", "Bool")]
    [InlineData("ENOTANERRNO", "Errno")]
    [InlineData("ok", "PassFail")]
    public void Refused(string expected, string kind)
    {
        Assert.False(Comparison.TryParse(expected, System.Enum.Parse<MetricKind>(kind), out _, out string? error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void MissingActualNeverMatches() => Assert.False(Check(">= 0", MetricKind.Count, null!));
}
