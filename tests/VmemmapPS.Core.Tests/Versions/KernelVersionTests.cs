using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Versions;
using Xunit;

namespace VmemmapPS.Core.Tests.Versions;

public class KernelVersionTests
{
    [Theory]
    [InlineData("5.8", "5.8", "")]
    [InlineData("5.9.0", "5.9", "")]
    [InlineData("5.10.223", "5.10.223", "")]
    [InlineData("v6.6.30", "6.6.30", "")]
    [InlineData("6.12.107+deb12-arm64", "6.12.107", "+deb12-arm64")]
    [InlineData("6.12.117+deb12-arm64-16k", "6.12.117", "+deb12-arm64-16k")]
    [InlineData("6.8.0-60-generic", "6.8", "-60-generic")]     // Ubuntu's ABI name hides the stable point release
    [InlineData("6.14-rc3", "6.14", "-rc3")]
    [InlineData("6.18", "6.18", "")]
    [InlineData("  6.1.132  ", "6.1.132", "")]
    public void UserForms_ParseToTheirUpstreamRelease(string given, string upstream, string suffix)
    {
        KernelProfile p = KernelProfile.Get(given);

        Assert.Equal(given.Trim(), p.Version);
        Assert.Equal(upstream, p.Upstream);
        Assert.Equal(suffix, p.Release.Suffix);
    }

    [Theory]
    [InlineData("linux")]
    [InlineData("6")]
    [InlineData("6.")]
    [InlineData("6.12.107x")]
    [InlineData("six.twelve")]
    [InlineData("6.12.-1")]
    public void Nonsense_IsRefusedWithTheExpectedForm(string given)
    {
        SimException e = Assert.Throws<SimException>(() => KernelProfile.Get(given));

        Assert.Equal(FailureKind.UnknownKernelVersion, e.Kind);
        Assert.Contains("uname -r", e.Message);
        Assert.Equal(given, e.Target);
    }

    [Theory]
    [InlineData("5.7.19")]
    [InlineData("4.19.0-27-arm64")]
    [InlineData("6.19")]
    [InlineData("7.0.11")]
    public void OutOfRange_IsRefusedNamingTheRange(string given)
    {
        SimException e = Assert.Throws<SimException>(() => KernelProfile.Get(given));

        Assert.Equal(FailureKind.UnknownKernelVersion, e.Kind);
        Assert.Contains("5.8 to 6.18.y", e.Message);
    }

    [Fact]
    public void EveryStablePointReleaseOfTheNewestBranchResolves()
    {
        Assert.Equal("6.18.5", KernelProfile.Get("6.18.5").Upstream);
    }

    [Theory]
    [InlineData("6.12.19", "6.12.20")]
    [InlineData("6.1.132", "6.2")]
    [InlineData("5.10.223", "5.11")]
    [InlineData("6.9", "6.9.1")]
    public void Ordering_IsNumericPerComponent(string older, string newer)
    {
        Assert.True(KernelVersion.Parse(older).CompareTo(KernelVersion.Parse(newer)) < 0);
        Assert.True(KernelVersion.Parse(newer).IsAtLeast(KernelVersion.Parse(older)));
    }
}
