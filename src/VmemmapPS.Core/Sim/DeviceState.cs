using VmemmapPS.Core.Drivers.Nvdimm;
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

    /// <summary>
    /// pgmap->vmemmap_shift: device-dax (v5.17+) makes compound pages of its align when that exceeds PAGE_SIZE;
    /// 0 for everything else. Whether the vmemmap then shares tail pages is the populate path's decision.
    /// </summary>
    public int VmemmapShift { get; init; }

    /// <summary>The dax range (data area after the info block for nvdimm, the whole range otherwise): what kmem gets.</summary>
    public ulong DaxStart { get; init; }
    public ulong DaxSize { get; init; }

    /// <summary>Which driver holds the range: the pagemap (device_dax or the ZONE_DEVICE user), kmem, or none.</summary>
    public DeviceMode Mode { get; set; }

    /// <summary>The altmap as nd_pfn computed it, for a fresh copy when device_dax binds again.</summary>
    public VmemAltmap? AltmapTemplate { get; init; }

    /// <summary>
    /// nd_pfn_init's unchecked size - end_trunc wrapped (v6.6+, 16K/64K): the info block is written with a wrapped
    /// npfns and memremap_pages gets an inverted range. Set only on a device that is about to fail.
    /// </summary>
    public NdPfnUnderflow? InfoBlockUnderflow { get; init; }

    public DeviceState Clone()
    {
        var c = (DeviceState)MemberwiseClone();
        c.Altmap = Altmap?.Clone();
        return c;
    }
}
