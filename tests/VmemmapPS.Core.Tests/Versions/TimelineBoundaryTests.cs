using System;
using System.Collections.Generic;
using System.Linq;
using VmemmapPS.Core.Versions;
using Xunit;

namespace VmemmapPS.Core.Tests.Versions;

/// <summary>
/// Each switch flips between the last release without its commit and the first with it, written here from the
/// commits' history (mainline merge windows, stable release diffs and changelogs), not read back from the table.
/// </summary>
public class TimelineBoundaryTests
{
    // switch, last release without, first release with
    public static readonly TheoryData<KernelSwitch, string, string> Boundaries = new()
    {
        { KernelSwitch.AltmapInVmemmapPopulate, "5.8.18", "5.9" },
        { KernelSwitch.MemremapMultiRange, "5.9.16", "5.10" },
        { KernelSwitch.LinearRegionCheck, "5.9.16", "5.10" },
        { KernelSwitch.PmdBasepageFallback, "5.10.223", "5.11" },
        { KernelSwitch.VmemmapBelowLinearProjection, "5.10.223", "5.11" },
        { KernelSwitch.SmallSections, "5.11.22", "5.12" },
        { KernelSwitch.MappableRangeApi, "5.11.22", "5.12" },
        { KernelSwitch.PopulateWindowWarning, "5.11.22", "5.12" },
        { KernelSwitch.GenericVmemmapHugepages, "6.1.150", "6.2" },     // 6.1.y keeps the arm64-private loop
        { KernelSwitch.MemmapOnMemory, "5.12.19", "5.13" },
        { KernelSwitch.ZeroSizeNamespaceCheck, "6.5.13", "6.6" },
        { KernelSwitch.MemmapOnMemoryFallback, "6.5.13", "6.6" },
        { KernelSwitch.PerBlockAltmaps, "6.7.12", "6.8" },
        { KernelSwitch.DaxMemmapOnMemoryAttribute, "6.7.12", "6.8" },
        { KernelSwitch.VmemmapBelowMinus1G, "6.8.12", "6.9" },  // mainline push of 14 March 2024
        { KernelSwitch.Lpa2, "6.8.12", "6.9" },
        { KernelSwitch.SubsectionBasepages, "6.13.12", "6.14" },
        { KernelSwitch.SubsectionBasepages, "6.12.19", "6.12.20" },     // Linux 6.12.20 release diff
        { KernelSwitch.SubsectionBasepages, "6.6.83", "6.6.84" },       // Linux 6.6.84 shortlog
        { KernelSwitch.SubsectionBasepages, "6.1.131", "6.1.132" },     // Linux 6.1.132 release diff
        { KernelSwitch.CheckPmdReturnsSect, "6.13.12", "6.14" },
        { KernelSwitch.Pa52With64kPages, "6.13.12", "6.14" },
        { KernelSwitch.Bbml2BlockLinearMap, "6.17.13", "6.18" },
        { KernelSwitch.CompoundDevmaps, "5.16.20", "5.17" },
        { KernelSwitch.DaxVmemmapArchGate, "6.3.4", "6.4" },            // merged after v6.3 (mm-hotfixes)
        { KernelSwitch.DaxVmemmapArchGate, "6.3.4", "6.3.5" },          // stable queue/6.3 of 28 May 2023
        { KernelSwitch.DaxVmemmapArchGate, "6.1.184", "6.1.185" },      // 6.1.185-rc1 push, with the mm_init.c move
        { KernelSwitch.BlockDevicesErrorKeepsAltmap, "6.6", "6.7" },     // December 2023 mm hotfix
        { KernelSwitch.PerBlockErrorKeepsAltmap, "6.12.96", "6.12.97" }, // 6.12.97-rc1 push; mainline 7.2 is past the modelled range
    };

    [Theory]
    [MemberData(nameof(Boundaries))]
    public void Switch_IsOffOnTheLastReleaseWithout_AndOnFromTheFirstWith(KernelSwitch name, string without, string with)
    {
        Assert.False(KernelProfile.Get(without).Has(name), $"{name} in {without}");
        Assert.True(KernelProfile.Get(with).Has(name), $"{name} not in {with}");
    }

    [Theory]
    [InlineData("5.15.190")] // stable: "failed to apply to 5.15-stable", no later backport found
    [InlineData("5.10.240")] // likewise for 5.10
    [InlineData("6.5.13")]   // branch ended before the fix
    [InlineData("6.13.0")]
    public void SubsectionFix_IsAbsentFromBranchesThatNeverGotIt(string release)
    {
        Assert.False(KernelProfile.Get(release).Has(KernelSwitch.SubsectionBasepages));
    }

    [Theory]
    [InlineData("5.17", true)]
    [InlineData("6.1", true)]
    [InlineData("6.1.184", true)]
    [InlineData("6.2.16", true)]   // 6.2.y ended (May 2023) before the gate was backported
    [InlineData("6.3", true)]
    [InlineData("5.16.20", false)] // no vmemmap_shift yet
    [InlineData("6.1.185", false)]
    [InlineData("6.3.5", false)]
    [InlineData("6.6", false)]
    [InlineData("6.12.117", false)]
    public void Arm64ReusesCompoundDevmapTailPages_From517_UntilTheArchGate(string release, bool reuse)
    {
        Assert.Equal(reuse, KernelProfile.Get(release).CompoundDevmapVmemmapReuse);
    }

    [Fact]
    public void EverySwitchHasOneEntry_AndEveryEntryABoundaryTest()
    {
        KernelSwitch[] all = Enum.GetValues<KernelSwitch>();
        Assert.Equal(all.OrderBy(s => s), KernelTimeline.Entries.Select(e => e.Switch).OrderBy(s => s));
        var tested = new HashSet<KernelSwitch>(Boundaries.Select(row => (KernelSwitch)row[0]));
        Assert.All(all, s => Assert.Contains(s, tested));
    }

    [Theory]
    [InlineData("6.8")]
    [InlineData("6.12.96")]
    [InlineData("6.18")]
    public void PerBlockErrorPath_PassesNull_OnModelledReleasesWithoutTheBackport(string release)
    {
        Assert.False(KernelProfile.Get(release).Has(KernelSwitch.PerBlockErrorKeepsAltmap));
    }

    [Fact]
    public void EveryBackportBoundaryIsTested()
    {
        var tested = new HashSet<(KernelSwitch, string)>(Boundaries.Select(row => ((KernelSwitch)row[0], (string)row[2])));
        foreach (TimelineEntry e in KernelTimeline.Entries)
        {
            if (e.Since.Major < KernelTimeline.Newest.Major || e.Since.Major == KernelTimeline.Newest.Major && e.Since.Minor <= KernelTimeline.Newest.Minor)
            {
                Assert.Contains((e.Switch, e.Since.Upstream), tested); // a mainline release past the newest modelled one cannot be booted
            }

            Assert.All(e.Backports, b => Assert.Contains((e.Switch, b.FirstRelease.Upstream), tested));
        }
    }

    [Fact]
    public void EntriesName_ACommitSubjectAndEvidence()
    {
        Assert.All(KernelTimeline.Entries, e =>
        {
            Assert.False(string.IsNullOrWhiteSpace(e.Subject));
            Assert.False(string.IsNullOrWhiteSpace(e.Effect));
            Assert.False(string.IsNullOrWhiteSpace(e.Evidence));
            Assert.True(e.Commit.Length == 0 || e.Commit.Length == 12, e.Commit);
            Assert.True(e.Commit.Length != 0 || e.Confidence == Confidence.Unverified, $"{e.Switch} has no commit but claims {e.Confidence}");
            Assert.All(e.Backports, b => Assert.True(b.FirstRelease.CompareTo(e.Since) < 0));
        });
    }

    [Theory]
    [InlineData("5.8", PopulatePolicy.IgnoreAltmap, false)]
    [InlineData("5.10.223", PopulatePolicy.AltmapNoFallback, false)]
    [InlineData("5.11", PopulatePolicy.AltmapBasepageFallback, false)]
    [InlineData("6.1.131", PopulatePolicy.AltmapBasepageFallback, false)]
    [InlineData("6.1.132", PopulatePolicy.AltmapBasepageFallback, true)]  // the fix inside the private loop
    [InlineData("6.2", PopulatePolicy.GenericHugepages, false)]
    [InlineData("6.12.107+deb12-arm64", PopulatePolicy.GenericHugepages, true)]
    [InlineData("6.18", PopulatePolicy.GenericHugepages, true)]
    public void PopulateLoop_AndSubsectionFix_Combine(string release, PopulatePolicy loop, bool subsection)
    {
        KernelProfile p = KernelProfile.Get(release);

        Assert.Equal(loop, p.Populate);
        Assert.Equal(subsection, p.SubsectionBasepages);
    }
}
