using System.Linq;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Sim;
using VmemmapPS.Core.Units;
using Xunit;

namespace VmemmapPS.Core.Tests.Kernel;

/// <summary>The one naming rule in the core: names compare ignoring case, keep their case, and have one character set.</summary>
public class DeviceNameTests
{
    private const ulong Start = 0x400_0000_0000UL;

    private static KernelRig WithPmem0()
    {
        var rig = KernelRig.Boot();
        Assert.True(rig.Add(KernelRig.FsDax("pmem0", Start, ByteSize.GiB, altmap: true)).Success);
        return rig;
    }

    [Fact]
    public void EveryLookupFindsADeviceGivenInAnotherCase()
    {
        KernelRig rig = WithPmem0();
        SimMachine m = rig.Machine;

        Assert.Equal("pmem0", m.GetAltmap("PMEM0")!.Device);
        Assert.Equal(m.GetPageOwners(device: "pmem0").Count, m.GetPageOwners(device: "PMEM0").Count);
        Assert.NotEmpty(m.GetPageOwners(device: "PMEM0"));
        Assert.Equal(m.GetVmemmapMappings("pmem0").Count, m.GetVmemmapMappings("PmEm0").Count);
        Assert.NotEmpty(m.GetVmemmapMappings("PmEm0"));

        HotplugResult removed = m.RemoveDevice("PMEM0");
        Assert.True(removed.Success);
        Assert.Equal("pmem0", removed.Device);
        Assert.Empty(m.Devices);
    }

    [Fact]
    public void RemoveVmemmapAttributesToTheStoredName()
    {
        KernelRig rig = WithPmem0();
        HotplugResult r = rig.Machine.RemoveVmemmap(Start, 128 * ByteSize.MiB, "PMEM0");
        Assert.True(r.Success);
        Assert.Equal("pmem0", r.Device);
        Assert.DoesNotContain(rig.Machine.Allocations, a => a.Device == "PMEM0");
    }

    [Fact]
    public void ADifferentlyCasedNameIsADuplicate()
    {
        KernelRig rig = WithPmem0();
        string before = MachineSnapshot.Take(rig.Machine);
        SimException e = Assert.Throws<SimException>(() => rig.Add(KernelRig.FsDax("PMEM0", Start + ByteSize.GiB, ByteSize.GiB, altmap: false)));
        Assert.Equal(FailureKind.DuplicateDeviceName, e.Kind);
        Assert.Equal(before, MachineSnapshot.Take(rig.Machine));
    }

    [Theory]
    [InlineData("")]
    [InlineData("pmem 0")]
    [InlineData("-pmem0")]
    [InlineData(".pmem0")]
    [InlineData("pmem/0")]
    [InlineData("all")]
    [InlineData("Boot")]
    [InlineData("TOTAL")]
    public void ANameOutsideTheRuleIsRefusedWithoutAnErrno(string name)
    {
        KernelRig rig = WithPmem0();
        string before = MachineSnapshot.Take(rig.Machine);
        SimException e = Assert.Throws<SimException>(() => rig.Add(KernelRig.FsDax(name, Start + ByteSize.GiB, ByteSize.GiB, altmap: false)));
        Assert.Equal(FailureKind.InvalidName, e.Kind);
        Assert.Equal(0, e.Errno);
        Assert.Null(e.KernelFunction);
        Assert.Equal(before, MachineSnapshot.Take(rig.Machine));
    }

    [Theory]
    [InlineData("dax0.0")]
    [InlineData("ns0:1")]
    [InlineData("cxl_mem-2")]
    [InlineData("0")]
    public void NdctlStyleNamesAreAccepted(string name)
    {
        KernelRig rig = WithPmem0();
        Assert.True(rig.Add(KernelRig.FsDax(name, Start + ByteSize.GiB, ByteSize.GiB, altmap: false)).Success);
        Assert.Equal(name, rig.Machine.Devices[^1].Name);
    }

    [Fact]
    public void TheLengthLimitIs63()
    {
        Assert.Null(SimNames.Problem(new string('a', SimNames.MaxLength)));
        Assert.NotNull(SimNames.Problem(new string('a', SimNames.MaxLength + 1)));
        Assert.Equal(63, SimNames.MaxLength);
    }
}
