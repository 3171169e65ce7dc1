using System.Collections.Generic;
using System.Linq;
using VmemmapPS.Core.Units;
using VmemmapPS.Reference;

namespace VmemmapPS.Core.Tests.Kernel;

/// <summary>
/// A freshly booted simulated machine plus the test's own kernel reference for the same layout. Every test
/// builds its own (memblock-test style); nothing is shared between tests.
///
///   phys 0x0        1 GiB                9 GiB
///        |  (hole)  |==== node 0 RAM ====|  ...  devices placed far above
/// </summary>
internal sealed class KernelRig
{
    public const ulong DramBase = ByteSize.GiB;        // arm64 virt DRAM base (0x4000_0000)
    public const ulong DramSize = 8 * ByteSize.GiB;

    /// <summary>Where node 1's RAM sits when a test gives it some (128 GiB, clear of every device placement).</summary>
    public const ulong SecondNodeBase = 0x20_0000_0000UL;

    private KernelRig(SimMachine machine, RefMachine reference)
    {
        Machine = machine;
        Ref = reference;
        FreeAfterBoot = reference.FreeBytesAfterBoot;
    }

    public SimMachine Machine { get; }

    public RefMachine Ref { get; }

    public RefGeometry G => Ref.G;

    /// <summary>Free system RAM right after boot as the reference derives it, independent of the machine's bookkeeping.</summary>
    public ulong FreeAfterBoot { get; }

    public ulong PageSize => G.PageSize;

    public static KernelRig Boot(ulong pageSize = 4096, string version = "5.9", bool rodataFull = true, int vaBits = 48, bool emptySecondNode = false, ulong ramSize = DramSize, ulong secondNodeRam = 0)
    {
        var nodes = new List<NodeConfig> { new() { Id = 0, Ram = new List<RamRange> { new(DramBase, ramSize) } } };
        var ram = new List<(ulong, ulong)> { (DramBase, ramSize) };
        if (emptySecondNode || secondNodeRam != 0)
        {
            nodes.Add(new NodeConfig { Id = 1, Ram = secondNodeRam == 0 ? new List<RamRange>() : new List<RamRange> { new(SecondNodeBase, secondNodeRam) } });
        }

        if (secondNodeRam != 0)
        {
            ram.Add((SecondNodeBase, secondNodeRam));
        }

        var config = new MachineConfig
        {
            Name = "rig",
            PageSize = pageSize,
            VaBits = vaBits,
            KernelVersion = version,
            RodataFull = rodataFull,
            Nodes = nodes,
        };
        var reference = new RefMachine(new RefGeometry(pageSize, vaBits, version), ram, rodataFull);
        return new KernelRig(SimMachine.Boot(config), reference);
    }

    public UsageRow Total => Machine.MeasureUsage().Single(r => r.Device == "(total)");

    public UsageRow Usage(string device) => Machine.MeasureUsage().Single(r => r.Device == device);

    public int TableCount(PageTableRegion region) => Machine.GetTablePages(region).Count;

    /// <summary>Leaf entries of a device's vmemmap at a kernel level (2 PMD, 3 PTE).</summary>
    public ulong LeafEntries(string device, int level) =>
        Machine.GetVmemmapMappings(device).Where(m => m.Level == level).Aggregate(0UL, (sum, m) => sum + m.Entries);

    /// <summary>Net pages a device took from a source for a purpose, from the allocation log.</summary>
    public long NetPages(string device, AllocationSource source, PagePurpose purpose) =>
        Machine.Allocations
            .Where(e => e.Device == device && e.Source == source && e.Purpose == purpose && !e.Failed)
            .Sum(e => e.Action == AllocationAction.Alloc ? (long)e.Pages : -(long)e.Pages);

    public HotplugResult Add(DeviceSpec spec) => Machine.AddDevice(spec);

    /// <summary>RAM is back at the post-boot level, short by exactly <paramref name="keptPages"/> pages.</summary>
    public void AssertRamBackToBoot(ulong keptPages = 0)
    {
        Xunit.Assert.Equal(FreeAfterBoot, Machine.BaselineFreeBytes);
        Xunit.Assert.Equal(FreeAfterBoot - keptPages * PageSize, Machine.SystemRamFreeBytes);
    }

    public static DeviceSpec FsDax(string name, ulong start, ulong size, bool altmap, ulong? align = null, int node = 0) =>
        new() { Name = name, Type = DeviceType.FsDax, Start = start, Size = size, Altmap = altmap, Align = align, Node = node };

    public static DeviceSpec Generic(string name, ulong start, ulong size, int node = 0, ulong? reservePages = null, ulong? freePages = null) =>
        new() { Name = name, Type = DeviceType.Generic, Start = start, Size = size, Node = node, AltmapReservePages = reservePages, AltmapFreePages = freePages };
}
