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

    public DeviceState Clone()
    {
        var c = (DeviceState)MemberwiseClone();
        c.Altmap = Altmap?.Clone();
        return c;
    }
}
