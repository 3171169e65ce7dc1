using System.Collections.Generic;
using VmemmapPS.Core;
using VmemmapPS.Core.Units;

namespace VmemmapPS.Benchmarks;

/// <summary>One machine plus one device to hot-add and remove: a geometry point or an issue-2 scale target.</summary>
public sealed class Workload
{
    private const ulong DramBase = ByteSize.GiB;

    private Workload(string name, string target, ulong pageSize, ulong ramSize, bool rodataFull, ulong deviceStart, ulong deviceSize, bool bootIncluded)
    {
        Name = name;
        Target = target;
        Config = new MachineConfig
        {
            Name = name,
            PageSize = pageSize,
            RodataFull = rodataFull,
            Nodes = new List<NodeConfig> { new() { Id = 0, Ram = new List<RamRange> { new(DramBase, ramSize) } } },
        };
        Device = new DeviceSpec { Name = "pmem0", Type = DeviceType.FsDax, Start = deviceStart, Size = deviceSize, Altmap = true };
        BootIncluded = bootIncluded;
    }

    public string Name { get; }

    /// <summary>The time budget, or empty for plain per-geometry points.</summary>
    public string Target { get; }

    public MachineConfig Config { get; }

    public DeviceSpec Device { get; }

    /// <summary>Whether the target's time budget includes boot.</summary>
    public bool BootIncluded { get; }

    /// <summary>The performance targets, then one modest point per granule (1 TiB fsdax map=dev, rodata_full on).</summary>
    public static IReadOnlyList<Workload> All { get; } = new[]
    {
        new Workload("4K-64T-rodata-off", "add+remove < 1 s", 4096, 8 * ByteSize.GiB, false, 64 * ByteSize.TiB, 64 * ByteSize.TiB, false),
        new Workload("4K-64T-rodata-on-2T-RAM", "boot+add+remove < 5 s", 4096, 2 * ByteSize.TiB, true, 64 * ByteSize.TiB, 64 * ByteSize.TiB, true),
        new Workload("64K-16T", "add+remove < 1 s", 65536, 8 * ByteSize.GiB, true, 16 * ByteSize.TiB, 16 * ByteSize.TiB, false),
        new Workload("4K-1T", string.Empty, 4096, 8 * ByteSize.GiB, true, 4 * ByteSize.TiB, ByteSize.TiB, false),
        new Workload("4K-1T-rodata-off", string.Empty, 4096, 8 * ByteSize.GiB, false, 4 * ByteSize.TiB, ByteSize.TiB, false),
        new Workload("16K-1T", string.Empty, 16384, 8 * ByteSize.GiB, true, 4 * ByteSize.TiB, ByteSize.TiB, false),
        new Workload("64K-1T", string.Empty, 65536, 8 * ByteSize.GiB, true, 4 * ByteSize.TiB, ByteSize.TiB, false),
    };

    public static Workload Get(string name)
    {
        foreach (Workload w in All)
        {
            if (w.Name == name)
            {
                return w;
            }
        }

        throw new KeyNotFoundException(name);
    }

    public override string ToString() => Name;
}
