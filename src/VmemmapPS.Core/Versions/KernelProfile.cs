using System.Collections.Generic;
using System.Linq;

namespace VmemmapPS.Core.Versions;

/// <summary>
/// A kernel release resolved against <see cref="KernelTimeline"/>: the switches it carries, and the
/// behaviour those switches select. Built only from the timeline, never written by hand.
/// </summary>
public sealed class KernelProfile
{
    private readonly ISet<KernelSwitch> _on;

    private KernelProfile(KernelVersion release)
    {
        Release = release;
        _on = KernelTimeline.Resolve(release);
    }

    /// <summary>The releases on both sides of every timeline boundary, oldest first (what completion offers).</summary>
    public static IReadOnlyList<string> KnownVersions { get; } = KernelTimeline.Milestones().Select(v => v.Upstream).ToArray();

    public const string DefaultVersion = "5.9";

    /// <summary>Throws SimException (UnknownKernelVersion) for text that is no release or is outside the modelled range.</summary>
    public static KernelProfile Get(string? version) =>
        new(KernelTimeline.Parse(string.IsNullOrWhiteSpace(version) ? DefaultVersion : version));

    public KernelVersion Release { get; }

    /// <summary>The version as given ("6.12.107+deb12-arm64").</summary>
    public string Version => Release.Given;

    /// <summary>The upstream release it resolves to ("6.12.107").</summary>
    public string Upstream => Release.Upstream;

    public bool Has(KernelSwitch name) => _on.Contains(name);

    /// <summary>The loop vmemmap_populate runs for a 4K section-sized request.</summary>
    public PopulatePolicy Populate =>
        !Has(KernelSwitch.AltmapInVmemmapPopulate) ? PopulatePolicy.IgnoreAltmap
        : Has(KernelSwitch.GenericVmemmapHugepages) ? PopulatePolicy.GenericHugepages
        : Has(KernelSwitch.PmdBasepageFallback) ? PopulatePolicy.AltmapBasepageFallback
        : PopulatePolicy.AltmapNoFallback;

    /// <summary>d4234d131b0a: a request smaller than one section's memmap takes base pages, whichever loop follows.</summary>
    public bool SubsectionBasepages => Has(KernelSwitch.SubsectionBasepages);

    public LayoutBand Layout =>
        Has(KernelSwitch.VmemmapBelowMinus1G) ? LayoutBand.V6_9 : Has(KernelSwitch.VmemmapBelowLinearProjection) ? LayoutBand.V5_11 : LayoutBand.V5_4;

    /// <summary>128 MiB sections (512 MiB on 64K) instead of 1 GiB.</summary>
    public bool SmallSections => Has(KernelSwitch.SmallSections);

    /// <summary>vmemmap_check_pmd returns pmd_sect() instead of 1.</summary>
    public bool CheckPmdReturnsSect => Has(KernelSwitch.CheckPmdReturnsSect);

    /// <summary>arch_get_mappable_range + mhp_range_allowed.</summary>
    public bool MappableRangeCheck => Has(KernelSwitch.MappableRangeApi);

    /// <summary>52-bit VA with 4K/16K pages.</summary>
    public bool Lpa2 => Has(KernelSwitch.Lpa2);

    /// <summary>vmemmap_populate starts with WARN_ON(start &lt; VMEMMAP_START || end &gt; VMEMMAP_END).</summary>
    public bool PopulateWarnsOutsideWindow => Has(KernelSwitch.PopulateWindowWarning);

    /// <summary>
    /// vmemmap_can_optimize as arm64 sees it: device-dax compound pages share their tail vmemmap pages
    /// (4917f55b4ef9) until 87a7ae75d738 gates that on an option arm64 never selects.
    /// </summary>
    public bool CompoundDevmapVmemmapReuse => Has(KernelSwitch.CompoundDevmaps) && !Has(KernelSwitch.DaxVmemmapArchGate);

    /// <summary>True when arm64 vmemmap_populate passes the altmap on.</summary>
    public bool HonoursAltmap => Has(KernelSwitch.AltmapInVmemmapPopulate);

    /// <summary>Every timeline switch, in timeline order, with whether this release has it.</summary>
    public IReadOnlyList<KernelSwitchRow> Switches() => KernelTimeline.Entries.Select(e => new KernelSwitchRow
    {
        KernelVersion = Version,
        Upstream = Upstream,
        Name = e.Switch.ToString(),
        Enabled = Has(e.Switch),
        Since = e.Since.Upstream,
        Backports = string.Join(" ", e.Backports.Select(b => b.FirstRelease.Upstream)),
        Commit = e.Commit,
        Subject = e.Subject,
        Confidence = e.Confidence,
        Effect = e.Effect,
        Evidence = e.Evidence,
    }).ToList();

    public override string ToString() => Version;
}
