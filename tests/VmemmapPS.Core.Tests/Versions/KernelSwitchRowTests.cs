using System.Linq;
using VmemmapPS.Core.Versions;
using Xunit;

namespace VmemmapPS.Core.Tests.Versions;

/// <summary>
/// The rows Get-SimKernelProfile lists: one per timeline entry, in timeline order, each a flat copy of its entry
/// plus whether the release has it. The expected switch states are the releases' known history.
/// </summary>
public class KernelSwitchRowTests
{
    [Fact]
    public void OneRowPerTimelineEntry_InTimelineOrder()
    {
        var rows = KernelProfile.Get("6.12.107+deb12-arm64").Switches();

        Assert.Equal(KernelTimeline.Entries.Select(e => e.Switch.ToString()), rows.Select(r => r.Name));
        Assert.All(rows, r => Assert.Equal("6.12.107+deb12-arm64", r.KernelVersion));
        Assert.All(rows, r => Assert.Equal("6.12.107", r.Upstream));
    }

    [Theory]
    [InlineData("5.8", false)]  // before eee07935bb52
    [InlineData("5.9", true)]
    [InlineData("6.12.107", true)]
    public void TheAltmapRow_CopiesItsEntry_AndSaysWhetherTheReleaseHasIt(string release, bool enabled)
    {
        TimelineEntry entry = KernelTimeline.Entry(KernelSwitch.AltmapInVmemmapPopulate);

        KernelSwitchRow row = KernelProfile.Get(release).Switches().Single(r => r.Name == nameof(KernelSwitch.AltmapInVmemmapPopulate));

        Assert.Equal(enabled, row.Enabled);
        Assert.Equal("5.9", row.Since);
        Assert.Equal("eee07935bb52", row.Commit);
        Assert.Equal(string.Empty, row.Backports);
        Assert.Equal(entry.Subject, row.Subject);
        Assert.Equal(entry.Effect, row.Effect);
        Assert.Equal(entry.Evidence, row.Evidence);
        Assert.Equal(entry.Confidence, row.Confidence);
    }

    [Theory]
    [InlineData("6.3.4", false)]
    [InlineData("6.3.5", true)]   // the stable backport
    [InlineData("6.1.184", false)]
    [InlineData("6.1.185", true)]
    [InlineData("6.2.16", false)] // 6.2.y ended without it
    [InlineData("6.4", true)]
    public void TheArchGateRow_ListsItsBackportsNewestBranchFirst(string release, bool enabled)
    {
        KernelSwitchRow row = KernelProfile.Get(release).Switches().Single(r => r.Name == nameof(KernelSwitch.DaxVmemmapArchGate));

        Assert.Equal(enabled, row.Enabled);
        Assert.Equal("6.4", row.Since);
        Assert.Equal("6.3.5 6.1.185", row.Backports);
    }

    [Fact]
    public void AnEntryLooksItsSwitchUp_AndNoOther()
    {
        foreach (TimelineEntry e in KernelTimeline.Entries)
        {
            Assert.Same(e, KernelTimeline.Entry(e.Switch));
        }
    }
}
