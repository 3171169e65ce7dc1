using System;
using System.Linq;
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
    /// <summary>
    /// The operators and Equals agree with comparing (major, minor, sublevel) as numbers, for every pair of a small
    /// grid around the boundaries that matter (x.9 / x.10, a mainline release and its first point release).
    /// </summary>
    [Fact]
    public void OperatorsAndEquality_FollowTheNumericTriple()
    {
        var triples = (from major in new[] { 5, 6 } from minor in new[] { 1, 9, 10 } from sub in new[] { 0, 1, 20 } select (major, minor, sub)).ToArray();
        foreach (var a in triples)
        {
            foreach (var b in triples)
            {
                int expected = Math.Sign(a.CompareTo(b));
                KernelVersion x = KernelVersion.Parse($"{a.major}.{a.minor}.{a.sub}+dist"), y = KernelVersion.Of(b.major, b.minor, b.sub);
                string pair = $"{x} vs {y}";
                Assert.True(expected == Math.Sign(x.CompareTo(y)), pair);
                Assert.True((expected < 0) == (x < y), pair);
                Assert.True((expected <= 0) == (x <= y), pair);
                Assert.True((expected > 0) == (x > y), pair);
                Assert.True((expected >= 0) == (x >= y), pair);
                Assert.True((expected == 0) == (x == y), pair);
                Assert.True((expected != 0) == (x != y), pair);
                Assert.True((expected == 0) == x.Equals(y), pair);
                Assert.True((expected == 0) == x.Equals((object)y), pair);
                if (expected == 0)
                {
                    Assert.Equal(x.GetHashCode(), y.GetHashCode()); // the suffix does not count
                }
            }
        }
    }

    [Fact]
    public void Null_SortsFirst_AndEqualsOnlyNull()
    {
        KernelVersion v = KernelVersion.Of(5, 8);
        KernelVersion? none = null;

        Assert.True(none < v);
        Assert.True(none <= v);
        Assert.False(none > v);
        Assert.True(v > none);
        Assert.True(v >= none);
        Assert.False(v <= none);
        Assert.True(none == null);
        Assert.True(none <= null && none >= null);
        Assert.True(v != none);
        Assert.False(v.Equals(none));
        Assert.Equal(1, v.CompareTo(none));
    }

    [Theory]
    [InlineData("6.12.107+deb12-arm64", "6.12")]
    [InlineData("5.10", "5.10")]
    public void Branch_IsMajorDotMinor(string given, string branch)
    {
        Assert.Equal(branch, KernelVersion.Parse(given).Branch);
    }

    [Fact]
    public void HashCodes_TellNeighbouringReleasesApart()
    {
        var versions = new[] { KernelVersion.Of(6, 1), KernelVersion.Of(6, 1, 1), KernelVersion.Of(6, 2), KernelVersion.Of(5, 10), KernelVersion.Of(5, 10, 223), KernelVersion.Of(6, 10) };
        Assert.Equal(versions.Length, versions.Select(v => v.GetHashCode()).Distinct().Count());
    }

    [Fact]
    public void Nothing_IsRefusedNamingNothing()
    {
        SimException e = Assert.Throws<SimException>(() => KernelVersion.Parse(null));

        Assert.Equal(FailureKind.UnknownKernelVersion, e.Kind);
        Assert.StartsWith("'' is not a kernel release", e.Message);
    }
}
