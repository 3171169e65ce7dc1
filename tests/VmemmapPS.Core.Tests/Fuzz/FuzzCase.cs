using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VmemmapPS.Core.Units;

namespace VmemmapPS.Core.Tests.Fuzz;

/// <summary>A machine to boot. Everything is a plain value so a failing case prints (and shrinks) readably.</summary>
public sealed record MachineCase(ulong PageSize, string Kernel, bool RodataFull, ulong RamGiB, bool EmptySecondNode)
{
    public MachineConfig ToConfig()
    {
        var nodes = new List<NodeConfig> { new() { Id = 0, Ram = { new RamRange(0x4000_0000, RamGiB * ByteSize.GiB) } } };
        if (EmptySecondNode)
        {
            nodes.Add(new NodeConfig { Id = 1 });
        }

        return new MachineConfig { Name = "fuzz", PageSize = PageSize, KernelVersion = Kernel, RodataFull = RodataFull, Nodes = nodes };
    }

    public override string ToString() =>
        string.Format(CultureInfo.InvariantCulture, "{0} {1} rodata={2} {3}G{4}", ByteSize.FormatCompact(PageSize), Kernel, RodataFull, RamGiB, EmptySecondNode ? " +node1" : "");
}

public enum OpKind
{
    Add,
    Remove,
    RemoveVmemmap,
    InjectFault,
}

/// <summary>
/// One operation. Add: device Slot names it and places it (slots are 64 GiB apart, Offset inside the slot), Size,
/// Type, Node, Altmap, optional altmap pages. Remove: Slot. RemoveVmemmap: Slot (its device's range, or
/// none), Offset and Size of the torn-down part, WithAltmap. InjectFault: Nth, Order, Count.
/// </summary>
public sealed record Op(OpKind Kind, int Slot, ulong Offset, ulong Size, DeviceType Type, int Node, bool Altmap,
    ulong? FreePages, long Nth, int? Order, long Count, bool WithAltmap)
{
    public const ulong DeviceBase = 0x100_0000_0000UL;
    public const ulong SlotSpan = 64 * ByteSize.GiB;

    public string Name => "dev" + Slot.ToString(CultureInfo.InvariantCulture);

    public ulong Start => DeviceBase + (ulong)Slot * SlotSpan + Offset;

    public override string ToString() => Kind switch
    {
        OpKind.Add => string.Format(CultureInfo.InvariantCulture, "add {0} {1} at +{2} size {3} node {4}{5}{6}", Name, Type,
            ByteSize.Hex(Offset), ByteSize.Hex(Size), Node, Altmap ? " map=dev" : "", FreePages is ulong f ? " free=" + f : ""),
        OpKind.Remove => "remove " + Name,
        OpKind.RemoveVmemmap => string.Format(CultureInfo.InvariantCulture, "removeVmemmap {0} +{1} size {2}{3}", Name, ByteSize.Hex(Offset), ByteSize.Hex(Size),
            WithAltmap ? " with altmap" : ""),
        _ => string.Format(CultureInfo.InvariantCulture, "fault nth {0} order {1} count {2}", Nth, Order?.ToString(CultureInfo.InvariantCulture) ?? "any", Count),
    };
}

public sealed record FuzzCase(MachineCase Machine, IReadOnlyList<Op> Ops)
{
    public override string ToString() => Machine + ": " + string.Join("; ", Ops.Select(o => o.ToString()));
}
