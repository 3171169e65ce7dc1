using CsCheck;
using VmemmapPS.Core.Units;

namespace VmemmapPS.Core.Tests.Fuzz;

/// <summary>
/// Generators for random machines and operation sequences. Values lean towards what the kernel cares about
/// (section, sub-section and PMD boundaries, sizes just off them) with a tail of nonsense (zero, unaligned, huge,
/// undefined enum values), so both accepted and refused paths are exercised. Sizes stay small enough that one
/// sequence runs in milliseconds: cost grows with page-table entries, and faults turn off the bulk paths.
/// </summary>
public static class FuzzGen
{
    /// <summary>A weighted generator for Gen.Frequency (a plain (int, Gen) tuple would pick the constant overload).</summary>
    private static (int, IGen<T>) W<T>(int weight, Gen<T> gen) => (weight, gen);

    private static readonly string[] Kernels = { "5.8", "5.9", "5.12", "6.6", "6.14" };

    public static readonly Gen<MachineCase> Machine =
        Gen.Select(Gen.OneOf(4096UL, 16384UL, 65536UL), Gen.OneOf(Kernels), Gen.Bool, Gen.Int[2, 8], Gen.Bool,
            (page, kernel, rodata, ram, node1) => new MachineCase(page, kernel, rodata, (ulong)ram, node1));

    private static readonly Gen<ulong> Size = Gen.Frequency(
        W(6, Gen.OneOf(2 * ByteSize.MiB, 128 * ByteSize.MiB, 512 * ByteSize.MiB, ByteSize.GiB, 2 * ByteSize.GiB, 3 * ByteSize.GiB)),
        W(2, Gen.Int[1, 64].Select(n => (ulong)n * 2 * ByteSize.MiB)),
        W(1, Gen.OneOf(0UL, 4096UL, ByteSize.GiB + 4096, ulong.MaxValue, 1UL << 52)));

    private static readonly Gen<ulong> Offset = Gen.Frequency(
        W(8, Gen.Const(0UL)),
        W(2, Gen.Int[0, 31].Select(n => (ulong)n * ByteSize.GiB)),
        W(1, Gen.OneOf(2 * ByteSize.MiB, 4096UL, 128 * ByteSize.MiB)));

    private static readonly Gen<DeviceType> Type = Gen.Frequency(
        W(3, Gen.Const(DeviceType.FsDax)), W(2, Gen.Const(DeviceType.DevDax)), W(3, Gen.Const(DeviceType.Generic)),
        W(1, Gen.Const(DeviceType.PciP2pDma)), W(1, Gen.Const(DeviceType.Private)), W(1, Gen.Const((DeviceType)42)));

    private static readonly Gen<Op> Add =
        Gen.Select(Gen.Int[0, 5], Offset, Size, Type, Gen.Frequency(W(9, Gen.Const(0)), W(1, Gen.OneOf(1, 7))), Gen.Bool,
            Gen.Frequency(W(5, Gen.Const((ulong?)null)), W(1, Gen.Int[0, 20000].Select(n => (ulong?)n))),
            (slot, offset, size, type, node, altmap, free) => new Op(OpKind.Add, slot, offset, size, type, node, altmap, free, 0, null, 0, false));

    private static readonly Gen<Op> Remove = Gen.Int[0, 5].Select(slot => new Op(OpKind.Remove, slot, 0, 0, default, 0, false, null, 0, null, 0, false));

    private static readonly Gen<Op> RemoveVmemmap =
        Gen.Select(Gen.Int[0, 5], Offset, Size, Gen.Bool,
            (slot, offset, size, withAltmap) => new Op(OpKind.RemoveVmemmap, slot, offset, size, default, 0, false, null, 0, null, 0, withAltmap));

    private static readonly Gen<Op> Fault =
        Gen.Select(Gen.Frequency(W(6, Gen.Long[1, 600]), W(1, Gen.OneOf(0L, -1L, long.MaxValue))),
            Gen.Frequency(W(3, Gen.Const((int?)null)), W(2, Gen.Const((int?)0)), W(1, Gen.Int[-1, 15].Select(o => (int?)o))),
            Gen.Frequency(W(6, Gen.Long[1, 3]), W(1, Gen.OneOf(0L, long.MaxValue))),
            (nth, order, count) => new Op(OpKind.InjectFault, 0, 0, 0, default, 0, false, null, nth, order, count, false));

    public static readonly Gen<Op> Operation = Gen.Frequency(W(6, Add), W(3, Remove), W(2, RemoveVmemmap), W(2, Fault));

    public static readonly Gen<FuzzCase> Case =
        Gen.Select(Machine, Operation.Array[1, 10], (m, ops) => new FuzzCase(m, ops));
}
