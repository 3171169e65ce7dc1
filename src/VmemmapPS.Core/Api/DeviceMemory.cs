namespace VmemmapPS.Core;

/// <summary>A device range registered on a machine (what Get-DeviceMemory emits). A snapshot: never mutated.</summary>
public sealed class DeviceMemory
{
    public string Name { get; init; } = string.Empty;

    public DeviceType Type { get; init; }

    public ulong Start { get; init; }

    public ulong Size { get; init; }

    /// <summary>Last byte, inclusive (as struct range / struct resource).</summary>
    public ulong End => Start + Size - 1;

    public int Node { get; init; }

    public MemmapLocation MemmapLocation { get; init; }

    /// <summary>Bytes usable as data (what nd_pfn_init leaves; Size for non-nvdimm types).</summary>
    public ulong UsableBytes { get; init; }

    /// <summary>Bytes of struct pages the kernel maps for this device's hot-added pfn range.</summary>
    public ulong VmemmapBytes { get; init; }

    /// <summary>nvdimm PFN alignment (nd_pfn->align, as ndctl's --align takes it; 0 for non-nvdimm types).</summary>
    public ulong Align { get; init; }

    /// <summary>Which driver holds the range: a ZONE_DEVICE pagemap, device_dax, kmem (SystemRam) or none.</summary>
    public DeviceMode Mode { get; init; }

    /// <summary>SystemRam mode: first byte handed to the page allocator (the dax range aligned up to a memory block).</summary>
    public ulong SystemRamStart { get; init; }

    /// <summary>SystemRam mode: bytes hot-added as "System RAM (kmem)" (the dax range rounded inward to memory blocks).</summary>
    public ulong SystemRamBytes { get; init; }

    /// <summary>SystemRam mode: memory blocks of the hot-added range.</summary>
    public ulong MemoryBlocks { get; init; }

    /// <summary>SystemRam mode: bytes at the start of the blocks that hold their own memmap (memmap_on_memory).</summary>
    public ulong MemmapOnMemoryBytes { get; init; }

    /// <summary>vmem_altmap.reserve given with the add (an experiment's override), or null for the kernel's own.</summary>
    public ulong? AltmapReservePages => Spec.AltmapReservePages;

    /// <summary>vmem_altmap.free given with the add, or null for the kernel's own.</summary>
    public ulong? AltmapFreePages => Spec.AltmapFreePages;

    /// <summary>The PFN alignment given with the add (ndctl --align), or null when the device took the default
    /// (PMD_SIZE of its machine's page size). Add-DeviceMemory binds it back, so a copy keeps a chosen alignment and
    /// a default one becomes the default of the target machine's page size.</summary>
    public ulong? RequestedAlign => Spec.Align;

    /// <summary>Name of the machine this device belongs to.</summary>
    public string Machine { get; init; } = string.Empty;

    /// <summary>The machine object this snapshot was taken from: a device piped back to a cmdlet goes to this
    /// machine even when another one has taken its name since. Internal, like <see cref="Spec"/>, so the object
    /// stays flat; a device read back from CSV or JSON has none and is found by <see cref="Machine"/>.</summary>
    internal SimMachine? Owner { get; init; }

    /// <summary>The spec it was added with (for Export-SimScenario). Internal so the object stays flat for
    /// Export-Csv and ConvertTo-Json; every value users need is a scalar property above.</summary>
    internal DeviceSpec Spec { get; init; } = new();

    public override string ToString() => $"{Name} [{Units.ByteSize.Hex(Start)}-{Units.ByteSize.Hex(End)}]";
}
