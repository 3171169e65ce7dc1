namespace VmemmapPS.Core;

/// <summary>What the user asks to hot-add. Validated by <see cref="SimMachine.PreviewDevice"/> before any state changes.</summary>
public sealed class DeviceSpec
{
    public string Name { get; init; } = string.Empty;

    public DeviceType Type { get; init; } = DeviceType.FsDax;

    /// <summary>Physical start of the namespace / BAR / range.</summary>
    public ulong Start { get; init; }

    public ulong Size { get; init; }

    public int Node { get; init; }

    /// <summary>FsDax/DevDax: map=dev (true) or map=mem (false). Other types: use the overrides below.</summary>
    public bool Altmap { get; init; }

    /// <summary>
    /// nvdimm PFN alignment, or the device-dax align of a Generic range; null = kernel default (PMD_SIZE: 2M on 4K,
    /// 32M on 16K, 512M on 64K). A device-dax align above PAGE_SIZE makes compound pages (vmemmap_shift, v5.17+).
    /// </summary>
    public ulong? Align { get; init; }

    /// <summary>Override of vmem_altmap.reserve in pages (experiments). Must come with <see cref="AltmapFreePages"/>.</summary>
    public ulong? AltmapReservePages { get; init; }

    /// <summary>Override of vmem_altmap.free in pages (experiments). Must come with <see cref="AltmapReservePages"/>.</summary>
    public ulong? AltmapFreePages { get; init; }
}
