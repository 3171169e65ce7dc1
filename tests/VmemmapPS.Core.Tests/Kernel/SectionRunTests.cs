using System.Linq;
using VmemmapPS.Core.Units;
using VmemmapPS.Reference;
using Xunit;

namespace VmemmapPS.Core.Tests.Kernel;

/// <summary>
/// SimMachine.GetSectionRuns: mem_section state as runs. sparse_add_section sets one subsection_map bit per
/// SUBSECTION_SIZE of the hot-added range; boot sections are SECTION_IS_EARLY and fully populated.
/// </summary>
public class SectionRunTests
{
    private const ulong Start = 0x400_0000_0000UL;

    [Theory]
    [InlineData(4096UL, "6.6")]
    [InlineData(65536UL, "6.6")]
    [InlineData(4096UL, "5.9")]
    public void BootRam_IsOneEarlyPopulatedRun(ulong pageSize, string version)
    {
        var rig = KernelRig.Boot(pageSize: pageSize, version: version);
        RefGeometry g = rig.G;

        SectionRun run = Assert.Single(rig.Machine.GetSectionRuns());

        Assert.Equal(KernelRig.DramBase / g.SectionSize * g.SectionSize, run.PhysAddr);
        Assert.Equal((KernelRig.DramBase + KernelRig.DramSize - 1) / g.SectionSize, run.LastSection);
        Assert.True(run.Early);
        Assert.True(run.Populated);
        Assert.Null(run.Owner);
    }

    /// <summary>A device one section plus one subsection long: a full section, then a section with only its first subsection set.</summary>
    [Theory]
    [InlineData(4096UL)]
    [InlineData(65536UL)]
    public void PartlyPopulatedSection_SplitsAtTheSubsection(ulong pageSize)
    {
        var rig = KernelRig.Boot(pageSize: pageSize, version: "6.6");
        RefGeometry g = rig.G;
        ulong size = g.SectionSize + g.SubsectionSize;

        Assert.True(rig.Add(new DeviceSpec { Name = "cxl0", Type = DeviceType.Generic, Start = Start, Size = size }).Success);

        var device = rig.Machine.GetSectionRuns().Where(r => r.PhysAddr >= Start).ToList();
        Assert.Equal(2, device.Count);
        Assert.Equal((Start, size, true, "cxl0"), (device[0].PhysAddr, device[0].Size, device[0].Populated, device[0].Owner));
        Assert.Equal(Start / g.SectionSize, device[0].FirstSection);
        Assert.Equal(Start / g.SectionSize + 1, device[0].LastSection);
        Assert.Equal((Start + size, g.SectionSize - g.SubsectionSize, false), (device[1].PhysAddr, device[1].Size, device[1].Populated));
        Assert.False(device[0].Early);
    }

    [Fact]
    public void RemovedDevice_LeavesNoRunBehind()
    {
        var rig = KernelRig.Boot(version: "6.6");
        rig.Add(new DeviceSpec { Name = "pmem0", Type = DeviceType.FsDax, Start = Start, Size = 4 * ByteSize.GiB, Altmap = true });

        Assert.True(rig.Machine.RemoveDevice("pmem0").Success);

        Assert.DoesNotContain(rig.Machine.GetSectionRuns(), r => r.Populated && r.Owner == "pmem0");
    }
}
