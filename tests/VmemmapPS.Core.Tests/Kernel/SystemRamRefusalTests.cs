using VmemmapPS.Core.Errors;
using Xunit;

namespace VmemmapPS.Core.Tests.Kernel;

/// <summary>
/// add_memory's refusals of a System RAM range (register_memory_resource's conflicts included), each with its
/// kind, errno and target, leaving the machine as it was; and the touching ranges it accepts.
/// </summary>
public class SystemRamRefusalTests
{
    private const ulong Start = 0x40_0000_0000UL; // 256 GiB: above the rig's RAM, inside every linear map

    private static SystemMemorySpec Ram(string name, ulong start, ulong size) => new() { Name = name, Start = start, Size = size, Online = OnlineType.Kernel };

    private static SimException Refused(KernelRig rig, SystemMemorySpec spec, FailureKind kind, int errno, string says)
    {
        string before = MachineSnapshot.Take(rig.Machine);
        SimException e = Assert.Throws<SimException>(() => rig.Machine.AddSystemMemory(spec));
        Assert.Equal(kind, e.Kind);
        Assert.Equal(errno, e.Errno);
        Assert.Contains(says, e.Message, System.StringComparison.Ordinal);
        Assert.Equal(before, MachineSnapshot.Take(rig.Machine));
        return e;
    }

    [Fact]
    public void ANameADeviceHas_InAnyCase_IsADuplicate()
    {
        var rig = KernelRig.Boot(4096, "6.6");
        Assert.True(rig.Machine.AddDevice(new DeviceSpec { Name = "pmem0", Type = DeviceType.FsDax, Start = 2 * Start, Size = 1UL << 30 }).Success);

        SimException e = Refused(rig, Ram("PMEM0", Start, rig.G.SectionSize), FailureKind.DuplicateDeviceName, 0, "named 'PMEM0' already exists");
        Assert.Equal("PMEM0", e.Target);
    }

    [Fact]
    public void ANameOtherSystemRamHas_IsADuplicate()
    {
        var rig = KernelRig.Boot(4096, "6.6");
        Assert.True(rig.Machine.AddSystemMemory(Ram("cxl0", Start, rig.G.SectionSize)).Success);

        Refused(rig, Ram("cxl0", 2 * Start, rig.G.SectionSize), FailureKind.DuplicateDeviceName, 0, "named 'cxl0' already exists");
    }

    [Fact]
    public void AnInvalidName_IsRefusedBeforeAnythingElse()
    {
        var rig = KernelRig.Boot(4096, "6.6");

        Assert.Throws<SimException>(() => rig.Machine.AddSystemMemory(Ram("a/b", Start, rig.G.SectionSize)));
    }

    [Theory]
    [InlineData(0x1000000000UL, 0UL)]
    [InlineData(0xFFFFFFFFF8000000UL, 0x10000000UL)] // start + size wraps past 2^64
    public void AZeroOrWrappingSize_IsInvalidSize(ulong start, ulong size)
    {
        var rig = KernelRig.Boot(4096, "6.6");

        SimException e = Refused(rig, Ram("x", start, size), FailureKind.InvalidSize, 0, "is zero or overflows the address space");
        Assert.Equal(size, e.Target);
    }

    [Fact]
    public void RamOverBootRam_ConflictsWithTheNode()
    {
        var rig = KernelRig.Boot(4096, "6.6");

        // the rig's RAM starts at the virt board's DRAM base, 0x40000000
        SimException e = Refused(rig, Ram("x", 0x40000000, rig.G.SectionSize), FailureKind.DeviceMemoryOverlap, -17, "conflicts with boot System RAM of node 0");
        Assert.Equal("register_memory_resource", e.KernelFunction);
    }

    [Fact]
    public void RamOverADevice_ConflictsWithIt_AndRamTouchingItsEndIsAdded()
    {
        var rig = KernelRig.Boot(4096, "6.6");
        ulong mbs = rig.G.SectionSize;
        Assert.True(rig.Machine.AddDevice(new DeviceSpec { Name = "pmem0", Type = DeviceType.FsDax, Start = Start, Size = 2 * mbs }).Success);

        Refused(rig, Ram("x", Start + mbs, 2 * mbs), FailureKind.DeviceMemoryOverlap, -17, "conflicts with device 'pmem0'");
        Refused(rig, Ram("x", Start - mbs, 2 * mbs), FailureKind.DeviceMemoryOverlap, -17, "conflicts with device 'pmem0'");
        Assert.True(rig.Machine.AddSystemMemory(Ram("after", Start + 2 * mbs, mbs)).Success);
        Assert.True(rig.Machine.AddSystemMemory(Ram("before", Start - mbs, mbs)).Success);
    }

    [Fact]
    public void RamOverOtherSystemRam_ConflictsWithIt_AndRamTouchingItIsAdded()
    {
        var rig = KernelRig.Boot(4096, "6.6");
        ulong mbs = rig.G.SectionSize;
        Assert.True(rig.Machine.AddSystemMemory(Ram("cxl0", Start, 2 * mbs)).Success);

        Refused(rig, Ram("x", Start + mbs, 2 * mbs), FailureKind.DeviceMemoryOverlap, -17, "'cxl0'");
        Assert.True(rig.Machine.AddSystemMemory(Ram("next", Start + 2 * mbs, mbs)).Success);
        Assert.True(rig.Machine.AddSystemMemory(Ram("prev", Start - mbs, mbs)).Success);
    }
}
