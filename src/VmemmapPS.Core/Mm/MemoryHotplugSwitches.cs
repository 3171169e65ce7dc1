using VmemmapPS.Core.Versions;
using System.Globalization;

namespace VmemmapPS.Core.Mm;

/// <summary>
/// The behaviour switches of System RAM hot-plug, each with the mainline commit and the first release that has it.
/// They belong in the kernel behaviour timeline; kept together here so they move there as one piece.
/// </summary>
internal static class MemoryHotplugSwitches
{
    /// <summary>
    /// a08a2ae34613 "mm,memory_hotplug: allocate memmap from the added memory range" with ca6e51d592d2
    /// "arm64/Kconfig: introduce ARCH_MHP_MEMMAP_ON_MEMORY_ENABLE": v5.13. MHP_MEMMAP_ON_MEMORY exists; an
    /// unsupported request is -EINVAL.
    /// </summary>
    public static bool MemmapOnMemory(KernelProfile p) => AtLeast(p, 5, 13);

    /// <summary>
    /// e3c2bfdd33a3 "mm/memory_hotplug: allow memmap on memory hotplug request to fallback" (v6.6): an unsupported
    /// MHP_MEMMAP_ON_MEMORY falls back to a memmap from RAM. The same series (85a2b4b08f20 arch override,
    /// 2d1f649c7c08 memmap not aligned to pageblocks) rewrote the support check and embedded the altmap in the
    /// memory block, its free count memory_block_memmap_on_memory_pages().
    /// </summary>
    public static bool MemmapOnMemoryFallback(KernelProfile p) => AtLeast(p, 6, 6);

    /// <summary>
    /// 6b8f0798b85a "mm/memory_hotplug: split memmap_on_memory requests across memblocks" (v6.8): one
    /// arch_add_memory and one altmap per memory block, so multi-block ranges get memmap_on_memory.
    /// </summary>
    public static bool PerBlockAltmaps(KernelProfile p) => AtLeast(p, 6, 8);

    /// <summary>
    /// "dax/kmem: allow kmem to add memory with memmap_on_memory" with the device-dax memmap_on_memory sysfs
    /// attribute (Vishal Verma, v6.8): kmem passes MHP_MEMMAP_ON_MEMORY when the attribute is set.
    /// </summary>
    public static bool DaxMemmapOnMemoryAttribute(KernelProfile p) => AtLeast(p, 6, 8);

    private static bool AtLeast(KernelProfile p, int major, int minor)
    {
        (int ma, int mi) = Parse(p.Version);
        return ma > major || (ma == major && mi >= minor);
    }

    private static (int Major, int Minor) Parse(string version)
    {
        string[] parts = version.Split('.', '-');
        int major = parts.Length > 0 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int a) ? a : 0;
        int minor = parts.Length > 1 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int b) ? b : 0;
        return (major, minor);
    }
}
