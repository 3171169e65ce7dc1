namespace VmemmapPS.Core.Versions;

/// <summary>Which loop arm64 vmemmap_populate runs for 4K section maps (the 16K/64K path is always base pages).</summary>
public enum PopulatePolicy
{
    /// <summary>Before eee07935bb52 (v5.9): PMD blocks from RAM, the altmap argument is ignored.</summary>
    IgnoreAltmap,
    /// <summary>arm64-private loop with the altmap; a failed PMD block is -ENOMEM.</summary>
    AltmapNoFallback,
    /// <summary>arm64-private loop; a failed PMD block falls back to base pages, with the altmap (9f84f39f5515).</summary>
    AltmapBasepageFallback,
    /// <summary>Generic vmemmap_populate_hugepages: no fallback with an altmap (2045a3b8911b).</summary>
    GenericHugepages,
}
