using System.Linq;
using VmemmapPS.Core.Units;
using VmemmapPS.Reference;
using Xunit;

namespace VmemmapPS.Core.Tests.Kernel;

/// <summary>
/// vmemmap_verify on a vmemmap PMD that an earlier device already mapped (docs/kernel-model.md#vmemmap_verify).
/// Two 64 MiB devices share one 2 MiB PMD block of memmap; A (node 0) maps it from node 0's RAM, B (node 1, no
/// RAM of its own) finds it present:
///   v5.9 .. v6.3   the arm64 loop calls vmemmap_verify(pmdp, node, addr, next) on the present block;
///   v6.4 ..        vmemmap_populate_hugepages calls vmemmap_check_pmd, which starts with vmemmap_verify;
///   v6.14          B's sub-section range goes to base pages, whose every PTE is verified (node 0 pages again).
/// The block's pages are on node 0 and node_distance(0, 1) > LOCAL_DISTANCE: "potential offnode page_structs",
/// once (pr_warn_once), at the first address of B's memmap.
/// </summary>
public class VmemmapVerifyTests
{
    private const ulong A = 0x400_0000_0000UL;

    [Theory]
    [InlineData("5.9", 1, true)]
    [InlineData("6.1", 1, true)]
    [InlineData("6.6", 1, true)]
    [InlineData("6.14", 1, true)]
    [InlineData("5.9", 0, false)]
    [InlineData("6.6", 0, false)]
    public void SecondDeviceInASharedPmd_OnAnotherNode_IsReportedOffnode(string version, int nodeOfB, bool warns)
    {
        var rig = KernelRig.Boot(version: version, emptySecondNode: true);
        RefGeometry g = rig.G;
        ulong half = 64 * ByteSize.MiB;
        ulong b = A + half;
        ulong memmapOfB = rig.Ref.StructPageVa(b);
        Assert.Equal(rig.Ref.StructPageVa(A) / g.PmdSize, memmapOfB / g.PmdSize);

        HotplugResult first = rig.Add(KernelRig.Generic("A", A, half, node: 0));
        HotplugResult second = rig.Add(KernelRig.Generic("B", b, half, node: nodeOfB));

        Assert.True(first.Success, first.Message);
        Assert.True(second.Success, second.Message);
        Assert.DoesNotContain(first.Warnings, w => w.Function == "vmemmap_verify");
        var offnode = second.Warnings.Where(w => w.Function == "vmemmap_verify").ToList();
        if (warns)
        {
            KernelWarning w = Assert.Single(offnode);
            Assert.Equal("node_distance(actual_node, node) > LOCAL_DISTANCE", w.Condition);
            Assert.Equal(memmapOfB, w.Address);
            Assert.Equal("B", w.Device);
            Assert.StartsWith($"[{memmapOfB:x}-", w.Message);
            Assert.EndsWith("] potential offnode page_structs", w.Message);
        }
        else
        {
            Assert.Empty(offnode);
        }
    }
}
