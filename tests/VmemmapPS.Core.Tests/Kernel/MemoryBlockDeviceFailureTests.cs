using System.Linq;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Units;
using VmemmapPS.Reference;
using Xunit;

namespace VmemmapPS.Core.Tests.Kernel;

/// <summary>
/// create_memory_block_devices failing after arch_add_memory succeeded (fault site MemoryBlockDevice). The kernel
/// removes what it added, but which altmap it hands arch_remove_memory changed twice: add_memory_resource passed
/// NULL until f42ce5f087eb (v6.7), and the per-block create_altmaps_and_memory_blocks of v6.8 passed NULL again
/// until "fix incorrect altmap passing in error path" (7.2; 6.12.97). With NULL, the memmap pages that
/// memmap_on_memory carved from the block go to free_pages: the kernel corrupts memory, the simulator warns.
/// </summary>
public class MemoryBlockDeviceFailureTests
{
    private const ulong Start = 0x40_0000_0000UL;

    private static SystemMemorySpec Ram(ulong size, bool memmapOnMemory) =>
        new() { Name = "ram0", Start = Start, Size = size, MemmapOnMemory = memmapOnMemory, Online = OnlineType.Kernel };

    private static long CorruptionWarnings(SimMachine m) =>
        m.Warnings.Where(w => w.Function == "free_hotplug_page_range" && w.Condition == "!altmap").Sum(w => w.Count);

    [Theory]
    [InlineData("6.8", 3UL, true)]      // per-block altmaps, NULL in the error path
    [InlineData("6.12.96", 3UL, true)]
    [InlineData("6.12.97", 3UL, false)] // the stable backport passes the block's altmap
    [InlineData("6.18", 1UL, true)]     // 6.18.y: no backport established
    [InlineData("6.6", 1UL, true)]      // one block, one altmap, NULL before f42ce5f087eb
    [InlineData("6.7", 1UL, false)]
    public void FailedBlockDevice_AfterMemmapOnMemory_ReturnsENOMEM_AndFreesTheBlocksMemmapAsTheReleaseDoes(string version, ulong blocks, bool nullAltmap)
    {
        var rig = KernelRig.Boot(4096, version);
        RefGeometry g = rig.G;
        ulong size = blocks * g.SectionSize;
        string before = MachineSnapshot.Usage(rig.Total);
        ulong free = rig.Machine.SystemRamFreeBytes, total = rig.Machine.SystemRamTotalBytes;
        rig.Machine.InjectFailure(new FaultSpec { Site = FaultSite.MemoryBlockDevice, Nth = (long)blocks }); // the last block's device

        HotplugResult r = rig.Machine.AddSystemMemory(Ram(size, memmapOnMemory: true));

        Assert.False(r.Success);
        Assert.Equal(Errno.ENOMEM, r.Errno);
        Assert.Equal("create_memory_block_devices", r.FailedFunction);
        Assert.Equal(FailureKind.HotplugFailed, r.Failure);
        Assert.Empty(rig.Machine.SystemMemory);
        Assert.Equal(total, rig.Machine.SystemRamTotalBytes);
        Assert.Equal(free, rig.Machine.SystemRamFreeBytes); // page tables came back either way
        // the failing block's own memmap: PFN_UP(block pages * 64 B) pages, one free_pages per PTE or PMD leaf
        Assert.Equal(nullAltmap, CorruptionWarnings(rig.Machine) > 0);
        Assert.Equal(before, MachineSnapshot.Usage(rig.Total));
    }

    [Fact]
    public void FailedBlockDevice_WithoutMemmapOnMemory_RemovesTheRangeCleanly()
    {
        var rig = KernelRig.Boot(4096, "6.8");
        ulong free = rig.Machine.SystemRamFreeBytes;
        rig.Machine.InjectFailure(new FaultSpec { Site = FaultSite.MemoryBlockDevice, Nth = 2 });

        HotplugResult r = rig.Machine.AddSystemMemory(Ram(4 * rig.G.SectionSize, memmapOnMemory: false));

        Assert.Equal(Errno.ENOMEM, r.Errno);
        Assert.Equal(free, rig.Machine.SystemRamFreeBytes); // memmap and tables from RAM, all given back
        Assert.Equal(0, CorruptionWarnings(rig.Machine));
        Assert.Empty(rig.Machine.CheckInvariants());
        rig.AssertRamBackToBoot();
    }

    [Fact]
    public void TheSiteCountsBlockDevices_NotPageAllocations()
    {
        var rig = KernelRig.Boot(4096, "6.12.97");
        rig.Machine.InjectFailure(new FaultSpec { Site = FaultSite.MemoryBlockDevice, Nth = 5 });

        Assert.True(rig.Machine.AddSystemMemory(Ram(4 * rig.G.SectionSize, memmapOnMemory: true)).Success); // 4 devices: the 5th is not reached
        HotplugResult second = rig.Machine.AddSystemMemory(new SystemMemorySpec
        {
            Name = "ram1", Start = Start + 4 * rig.G.SectionSize, Size = rig.G.SectionSize, MemmapOnMemory = true, Online = OnlineType.Kernel,
        });

        Assert.Equal(Errno.ENOMEM, second.Errno);
        Assert.Single(rig.Machine.SystemMemory);
        Assert.Empty(rig.Machine.CheckInvariants());
    }

    [Fact]
    public void AnOrderOnTheBlockDeviceSite_IsRefused()
    {
        var rig = KernelRig.Boot(4096, "6.8");
        var ex = Assert.Throws<SimException>(() => rig.Machine.InjectFailure(new FaultSpec { Site = FaultSite.MemoryBlockDevice, Order = 0 }));
        Assert.Equal(FailureKind.InvalidFaultSpec, ex.Kind);
    }
}
