using System;
using System.Collections.Generic;
using VmemmapPS.Core.Errors;

namespace VmemmapPS.Core.Versions;

/// <summary>How arm64 vmemmap_populate behaves in a version band (kernel-semantics §2).</summary>
public enum PopulatePolicy
{
    /// <summary>v5.8: 4K PMD blocks from RAM, 16K/64K basepages; the altmap argument is ignored.</summary>
    IgnoreAltmap,
    /// <summary>v5.9-v5.11: arm64 private loop honours the altmap; PMD failure is -ENOMEM.</summary>
    AltmapNoFallback,
    /// <summary>v5.12-~v6.3: PMD failure falls back to basepages, with the altmap.</summary>
    AltmapBasepageFallback,
    /// <summary>~v6.4+: generic vmemmap_populate_hugepages, no fallback with an altmap.</summary>
    GenericHugepages,
    /// <summary>d4234d131b0a (v6.14, stable 5.4+): sub-section requests use basepages.</summary>
    SubsectionBasepages,
}

/// <summary>Which VMEMMAP_START/END formula the kernel uses (kernel-semantics §1.4).</summary>
public enum LayoutBand
{
    /// <summary>v5.4-v5.10: VMEMMAP_START = -VMEMMAP_SIZE - 2M.</summary>
    V5_4,
    /// <summary>v5.11-v6.8: VMEMMAP_START = -(2^(VA_BITS - VMEMMAP_SHIFT)).</summary>
    V5_11,
    /// <summary>v6.9+: VMEMMAP_END = -1G.</summary>
    V6_9,
}

/// <summary>
/// A kernel version band and the switches that decide vmemmap behaviour in it (kernel-semantics §2, §9, §11).
/// </summary>
public sealed class KernelProfile
{
    private static readonly KernelProfile[] Profiles =
    {
        new("5.8", PopulatePolicy.IgnoreAltmap, LayoutBand.V5_4, smallSections: false, checkPmdReturnsSect: false,
            mappableRangeCheck: false, lpa2: false, populateWarnsOutsideWindow: false),
        new("5.9", PopulatePolicy.AltmapNoFallback, LayoutBand.V5_4, false, false, false, false, false),
        new("5.12", PopulatePolicy.AltmapBasepageFallback, LayoutBand.V5_11, true, false, true, false, false),
        new("6.6", PopulatePolicy.GenericHugepages, LayoutBand.V5_11, true, false, true, false, true),
        new("6.14", PopulatePolicy.SubsectionBasepages, LayoutBand.V6_9, true, true, true, true, true),
    };

    private KernelProfile(string version, PopulatePolicy populate, LayoutBand layout, bool smallSections,
        bool checkPmdReturnsSect, bool mappableRangeCheck, bool lpa2, bool populateWarnsOutsideWindow)
    {
        Version = version;
        Populate = populate;
        Layout = layout;
        SmallSections = smallSections;
        CheckPmdReturnsSect = checkPmdReturnsSect;
        MappableRangeCheck = mappableRangeCheck;
        Lpa2 = lpa2;
        PopulateWarnsOutsideWindow = populateWarnsOutsideWindow;
    }

    /// <summary>"5.8", "5.9", "5.12", "6.6", "6.14".</summary>
    public static IReadOnlyList<string> KnownVersions { get; } = Array.ConvertAll(Profiles, p => p.Version);

    public const string DefaultVersion = "5.9";

    /// <summary>Throws SimException (UnknownKernelVersion) naming the known versions.</summary>
    public static KernelProfile Get(string version)
    {
        string wanted = (version ?? string.Empty).Trim();
        if (wanted.Length == 0)
        {
            wanted = DefaultVersion;
        }

        foreach (KernelProfile p in Profiles)
        {
            if (p.Version == wanted)
            {
                return p;
            }
        }

        throw new SimException(FailureKind.UnknownKernelVersion,
            $"Kernel version '{version}' is not modelled; use one of: {string.Join(", ", KnownVersions)}.", version);
    }

    public string Version { get; }

    /// <summary>vmemmap_populate flavour of this band.</summary>
    public PopulatePolicy Populate { get; }

    public LayoutBand Layout { get; }

    /// <summary>"arm64/sparsemem: reduce SECTION_SIZE_BITS" (v5.12): 128 MiB sections (512 MiB on 64K) instead of 1 GiB.</summary>
    public bool SmallSections { get; }

    /// <summary>vmemmap_check_pmd returns pmd_sect() (newest) instead of 1 (v6.4-v6.13).</summary>
    public bool CheckPmdReturnsSect { get; }

    /// <summary>arch_get_mappable_range + mhp_range_allowed (v5.12+).</summary>
    public bool MappableRangeCheck { get; }

    /// <summary>52-bit VA with 4K/16K pages (LPA2, v6.9+).</summary>
    public bool Lpa2 { get; }

    /// <summary>vmemmap_populate starts with WARN_ON(start &lt; VMEMMAP_START || end &gt; VMEMMAP_END) [UNCONF before v6.1].</summary>
    public bool PopulateWarnsOutsideWindow { get; }

    /// <summary>True when arm64 vmemmap_populate passes the altmap on (v5.9+).</summary>
    public bool HonoursAltmap => Populate != PopulatePolicy.IgnoreAltmap;

    public override string ToString() => Version;
}
