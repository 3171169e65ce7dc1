using VmemmapPS.Core.Errors;
using Xunit;

namespace VmemmapPS.Core.Tests;

/// <summary>The one errno table: the values of include/uapi/asm-generic/errno-base.h and errno.h, negative as returned.</summary>
public class ErrnoTests
{
    [Theory]
    [InlineData("ENXIO", 6)]
    [InlineData("E2BIG", 7)]
    [InlineData("ENOMEM", 12)]
    [InlineData("EBUSY", 16)]
    [InlineData("EEXIST", 17)]
    [InlineData("EINVAL", 22)]
    [InlineData("ENOSPC", 28)]
    [InlineData("ERANGE", 34)]
    [InlineData("EOPNOTSUPP", 95)]
    public void NamesAndNumbersRoundTrip(string name, int number)
    {
        Assert.True(Errno.TryParse(name, out int byName));
        Assert.True(Errno.TryParse("-" + name.ToLowerInvariant(), out int byDashedName));
        Assert.True(Errno.TryParse(number.ToString(System.Globalization.CultureInfo.InvariantCulture), out int byNumber));
        Assert.Equal(-number, byName);
        Assert.Equal(-number, byDashedName);
        Assert.Equal(-number, byNumber);
        Assert.Equal(name, Errno.NameOf(-number));
        Assert.Equal($"-{number} ({name})", Errno.Describe(-number));
    }

    [Fact]
    public void SuccessHasNoName()
    {
        Assert.Null(Errno.NameOf(0));
        Assert.Equal("0", Errno.Describe(0));
        Assert.False(Errno.TryParse("ENOTANERRNO", out _));
    }

    [Fact]
    public void AnErrnoWithoutAName_IsDescribedByItsNumber()
    {
        Assert.Null(Errno.NameOf(-9999));
        Assert.Equal("-9999", Errno.Describe(-9999));
    }
}
