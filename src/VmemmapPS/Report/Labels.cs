using VmemmapPS.Core;
using VmemmapPS.Core.Units;

namespace VmemmapPS.Report;

/// <summary>How the report names a configuration, the same for machines, sizing rows and sweep rows.</summary>
internal static class Labels
{
    public static string Memmap(MemmapLocation location) => location == MemmapLocation.Device ? "map=dev" : "map=mem";

    public static string Series(ulong pageSize, string kernel, MemmapLocation location) =>
        $"{ByteSize.FormatCompact(pageSize)} · {kernel} · {Memmap(location)}";

    public static string Range(ulong start, ulong size) => $"[{ByteSize.Hex(start)}-{ByteSize.Hex(start + size - 1)}]";
}
