using VmemmapPS.Core.Drivers.Base;

namespace VmemmapPS.Core.Sim;

/// <summary>
/// A hot-added "System RAM" resource and its memory blocks: what add_memory_resource registered (iomem resource,
/// memblock, sections, memory block devices with their altmaps).
/// </summary>
internal sealed class SystemRamState
{
    public string Name { get; init; } = string.Empty;

    public ulong Start { get; init; }

    public ulong Size { get; init; }

    public int Nid { get; init; }

    /// <summary>"System RAM" or "System RAM (kmem)" (IORESOURCE_SYSRAM_DRIVER_MANAGED).</summary>
    public string ResourceName { get; init; } = "System RAM";

    /// <summary>The dax device kmem added it for; null for add_memory.</summary>
    public string? DaxDevice { get; init; }

    /// <summary>Who owns its pages and mappings: the dax device for kmem, else the resource's own name.</summary>
    public string Owner => DaxDevice ?? Name;

    /// <summary>Every block has its own altmap (memmap_on_memory took effect).</summary>
    public bool MemmapOnMemory { get; set; }

    /// <summary>nr_vmemmap_pages of each block: mem->altmap->free (v6.6+) or mem->nr_vmemmap_pages (v5.13-v6.5).</summary>
    public ulong VmemmapPagesPerBlock { get; set; }

    public MemoryBlockRuns Blocks { get; private set; } = new();

    public ulong End => Start + Size;

    public SystemRamState Clone()
    {
        var c = (SystemRamState)MemberwiseClone();
        c.Blocks = Blocks.Clone();
        return c;
    }
}
