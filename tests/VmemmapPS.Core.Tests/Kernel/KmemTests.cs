using System.Linq;
using VmemmapPS.Core.Errors;
using VmemmapPS.Reference;
using VmemmapPS.Core.Units;
using Xunit;

namespace VmemmapPS.Core.Tests.Kernel;

/// <summary>
/// daxctl reconfigure-device between devdax and system-ram (drivers/dax/kmem.c): the dax range is the nvdimm data
/// area (info block rounded up to the PFN alignment), kmem rounds it inward to memory blocks.
/// </summary>
public class KmemTests
{
    private const ulong MiB = ByteSize.MiB;

    /// <summary>The QEMU measurement: RAM 4 GiB at 0x4000_0000, 2 GiB pmem at 0x1_4000_0000, devdax map=mem align 2 MiB.</summary>
    private const ulong PmemStart = 0x1_4000_0000UL;
    private const ulong PmemSize = 2 * ByteSize.GiB;
    private const ulong PfnAlign = 2 * MiB;

    private static DeviceSpec DevDax(string name, ulong start, ulong size, ulong align) =>
        new() { Name = name, Type = DeviceType.DevDax, Start = start, Size = size, Altmap = false, Align = align };

    /// <summary>nd_pfn_init with map=mem: data offset = the 8 KiB info block rounded up to the alignment.</summary>
    private static (ulong Start, ulong Size) DaxRange(RefGeometry g, ulong start, ulong size, ulong align)
    {
        ulong dataStart = RefGeometry.AlignUp(start + RefGeometry.AlignUp(8192, g.PageSize), align);
        return (dataStart, RefGeometry.AlignDown(start + size, align) - dataStart);
    }

    private static (ulong Start, ulong Size) KmemRange(RefGeometry g, (ulong Start, ulong Size) dax)
    {
        ulong s = RefGeometry.AlignUp(dax.Start, g.SectionSize), e = RefGeometry.AlignDown(dax.Start + dax.Size, g.SectionSize);
        return (s, e - s);
    }

    [Theory]
    [InlineData(true, "6.12.107+deb12-arm64")]
    [InlineData(false, "6.12.107+deb12-arm64")]
    [InlineData(true, "6.12.117")]
    [InlineData(false, "6.12.117")]
    public void MeasuredQemuCase_MemTotalExactly_AndTheCostOfTheHotAdd(bool memmapOnMemory, string version)
    {
        var rig = KernelRig.Boot(4096, version, ramSize: 4 * ByteSize.GiB);
        RefGeometry g = rig.G;
        Assert.True(rig.Add(DevDax("dax0.0", PmemStart, PmemSize, PfnAlign)).Success);
        (ulong daxStart, ulong daxSize) = DaxRange(g, PmemStart, PmemSize, PfnAlign);
        (ulong kmemStart, ulong kmemSize) = KmemRange(g, (daxStart, daxSize));
        ulong devdaxHeld = rig.Usage("dax0.0").SystemRamUsedBytes;
        ulong total0 = rig.Machine.SystemRamTotalBytes, free0 = rig.Machine.SystemRamFreeBytes;

        HotplugResult r = rig.Machine.SetDeviceMode("dax0.0", DeviceMode.SystemRam, memmapOnMemory, OnlineType.Kernel);

        Assert.True(r.Success, r.Message);
        DeviceMemory d = r.DeviceMemory!;
        Assert.Equal(DeviceMode.SystemRam, d.Mode);
        Assert.Equal(kmemStart, d.SystemRamStart);
        Assert.Equal(kmemSize, d.SystemRamBytes);
        Assert.Equal(kmemSize / g.SectionSize, d.MemoryBlocks);
        ulong memmapPerBlock = g.MemmapOnMemoryPagesPerBlock * g.PageSize;
        ulong memTotalGain = memmapOnMemory ? d.MemoryBlocks * (g.SectionSize - memmapPerBlock) : kmemSize;
        ulong memmapFromRam = memmapOnMemory ? 0 : g.MemmapBytes(kmemSize);
        ulong tables = (ulong)rig.Ref.NewTables(kmemStart, kmemSize) * g.PageSize;
        Assert.Equal(total0 + memTotalGain, rig.Machine.SystemRamTotalBytes);
        ulong freeGain = rig.Machine.SystemRamFreeBytes - (free0 + devdaxHeld); // after device_dax gave its memmap back
        Assert.Equal(memTotalGain - memmapFromRam - tables, freeGain);
        Assert.Equal(memmapOnMemory ? d.MemoryBlocks * memmapPerBlock : 0, d.MemmapOnMemoryBytes);
        Assert.Equal(Kernel_KmemName, rig.Machine.SystemMemory.Single().ResourceName);
        Assert.Empty(rig.Machine.CheckInvariants());

        // what the QEMU run measured (Debian 6.12, 4K, rodata_full): exact MemTotal, RAM within noise
        Assert.Equal(0x1_4020_0000UL, daxStart);
        Assert.Equal(2145386496UL, daxSize);
        Assert.Equal(15UL, d.MemoryBlocks);
        Assert.Equal((memmapOnMemory ? 1890UL : 1920UL) * MiB, memTotalGain);
        Assert.InRange((double)freeGain / MiB, 1886 - 1, 1886 + 1);
        Assert.InRange((double)(memTotalGain - freeGain) / MiB, (memmapOnMemory ? 4 : 34) - 1, (memmapOnMemory ? 4 : 34) + 1);
    }

    private const string Kernel_KmemName = "System RAM (kmem)";

    [Fact]
    public void RoundingInward_BothEndsLoseTheirPartialBlocks()
    {
        var rig = KernelRig.Boot(4096, "6.14");
        ulong mbs = rig.G.SectionSize;
        ulong start = 0x40_0000_0000UL + mbs / 2, size = 3 * mbs; // half a block of waste at each end
        Assert.True(rig.Add(KernelRig.Generic("dax1.0", start, size)).Success);

        HotplugResult r = rig.Machine.SetDeviceMode("dax1.0", DeviceMode.SystemRam, online: OnlineType.None);

        Assert.True(r.Success, r.Message);
        (ulong s, ulong n) = KmemRange(rig.G, (start, size));
        Assert.Equal(s, r.DeviceMemory!.SystemRamStart);
        Assert.Equal(n, r.DeviceMemory.SystemRamBytes);
        Assert.Equal(2 * mbs, n);
    }

    [Fact]
    public void BackToDevDax_NeedsEveryBlockOffline_ThenMapsTheDeviceAgain()
    {
        var rig = KernelRig.Boot(4096, "6.14");
        Assert.True(rig.Add(DevDax("dax0.0", 0x40_0000_0000UL, ByteSize.GiB, PfnAlign)).Success);
        string devdax = MachineSnapshot.Usage(rig.Usage("dax0.0"));
        Assert.True(rig.Machine.SetDeviceMode("dax0.0", DeviceMode.SystemRam, online: OnlineType.Movable).Success);
        Assert.Throws<SimException>(() => rig.Machine.RemoveDevice("dax0.0"));

        HotplugResult back = rig.Machine.SetDeviceMode("dax0.0", DeviceMode.DevDax);

        Assert.True(back.Success, back.Message);
        Assert.Equal(DeviceMode.DevDax, back.DeviceMemory!.Mode);
        Assert.Empty(rig.Machine.SystemMemory);
        Assert.Equal(devdax, MachineSnapshot.Usage(rig.Usage("dax0.0")));
        Assert.True(rig.Machine.RemoveDevice("dax0.0").Success);
        rig.AssertRamBackToBoot();
        Assert.Empty(rig.Machine.CheckInvariants());
    }

    [Theory]
    [InlineData(16384, "6.14", -95)] // memmap_on_memory is not available: 32 pages of memmap against a 2048-page pageblock
    [InlineData(65536, "6.14", -95)]
    [InlineData(4096, "6.7.12", -2)] // no memmap_on_memory attribute before v6.8
    public void MemmapOnMemoryAttribute_Refused_AndTheDeviceStaysAsItWas(ulong pageSize, string version, int errno)
    {
        var rig = KernelRig.Boot(pageSize, version);
        Assert.True(rig.Add(KernelRig.Generic("dax0.0", 0x40_0000_0000UL, 4 * rig.G.SectionSize)).Success);
        string before = MachineSnapshot.Take(rig.Machine);

        SimException e = Assert.Throws<SimException>(() => rig.Machine.SetDeviceMode("dax0.0", DeviceMode.SystemRam, memmapOnMemory: true));

        Assert.Equal(FailureKind.NotSupported, e.Kind);
        Assert.Equal(errno, e.Errno);
        Assert.Equal(before, MachineSnapshot.Take(rig.Machine));
    }

    [Fact]
    public void RangeWithoutAWholeBlock_IsRejected()
    {
        var rig = KernelRig.Boot(4096, "6.14");
        ulong mbs = rig.G.SectionSize;
        Assert.True(rig.Add(KernelRig.Generic("dax0.0", 0x40_0000_0000UL + mbs / 2, mbs)).Success);

        SimException e = Assert.Throws<SimException>(() => rig.Machine.SetDeviceMode("dax0.0", DeviceMode.SystemRam));

        Assert.Equal(-22, e.Errno);
        Assert.Equal("dev_dax_kmem_probe", e.KernelFunction);
    }

    [Fact]
    public void DefaultOnlineType_OnlinesKmemMemoryByItself()
    {
        var config = new MachineConfig { Name = "debian", KernelVersion = "6.14", DefaultOnlineType = OnlineType.Auto };
        SimMachine m = SimMachine.Boot(config);
        Assert.True(m.AddDevice(KernelRig.Generic("dax0.0", 0x40_0000_0000UL, ByteSize.GiB)).Success);

        Assert.True(m.SetDeviceMode("dax0.0", DeviceMode.SystemRam).Success);

        SystemMemory s = m.SystemMemory.Single();
        Assert.Equal(s.MemoryBlocks, s.OnlineBlocks);
        Assert.Equal(0UL, s.MovableBlocks);
    }
}
