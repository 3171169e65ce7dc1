using VmemmapPS.Core.Mm;

namespace VmemmapPS.Core.Sim;

/// <summary>A registered dev_pagemap: its range (after nvdimm truncation), type, node and altmap.</summary>
internal sealed class DeviceState
{
    public DeviceSpec Spec { get; init; } = new();
    public string Name => Spec.Name;
    public DeviceType Type => Spec.Type;

    /// <summary>pgmap->range start and length: what arch_add_memory / add_pages hot-add.</summary>
    public ulong RangeStart { get; init; }
    public ulong RangeSize { get; init; }
    public int Node => Spec.Node;
    public VmemAltmap? Altmap { get; set; }
    public MemmapLocation MemmapLocation { get; init; }
    public ulong UsableBytes { get; init; }
    public ulong Align { get; init; }

    /// <summary>The dax range (data area after the info block for nvdimm, the whole range otherwise): what kmem gets.</summary>
    public ulong DaxStart { get; init; }
    public ulong DaxSize { get; init; }

    /// <summary>Which driver holds the range: the pagemap (device_dax or the ZONE_DEVICE user), kmem, or none.</summary>
    public DeviceMode Mode { get; set; }

    /// <summary>The altmap as nd_pfn computed it, for a fresh copy when device_dax binds again.</summary>
    public VmemAltmap? AltmapTemplate { get; init; }

    public DeviceState Clone()
    {
        var c = (DeviceState)MemberwiseClone();
        c.Altmap = Altmap?.Clone();
        return c;
    }
}
