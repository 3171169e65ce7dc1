using System.Linq;
using VmemmapPS.Core.Units;
using VmemmapPS.Reference;
using Xunit;

namespace VmemmapPS.Core.Tests.Kernel;

/// <summary>Device types and NUMA placement at the edges of the model (docs/kernel-model.md#memremap_pages, docs/kernel-model.md#vmemmap_verify).</summary>
public class BoundaryTests
{
    private const ulong Start = 0x400_0000_0000UL;

    /// <summary>MEMORY_DEVICE_PRIVATE goes through add_pages: struct pages, but no linear map at all.</summary>
    [Theory]
    [InlineData(4096UL)]
    [InlineData(65536UL)]
    public void DevicePrivate_GetsVmemmapButNoLinearMap(ulong pageSize)
    {
        var rig = KernelRig.Boot(pageSize: pageSize, version: "6.6");
        RefGeometry g = rig.G;
        ulong size = 16 * ByteSize.GiB;
        int vmemmapTables = rig.Ref.NewVmemmapTables(Start, size);
        int linearBefore = rig.TableCount(PageTableRegion.Linear);
        ulong linearBytesBefore = rig.Total.LinearMapPageTableBytes;

        HotplugResult r = rig.Add(new DeviceSpec { Name = "gpu0", Type = DeviceType.Private, Start = Start, Size = size });

        Assert.True(r.Success, r.Message);
        Assert.Equal(linearBefore, rig.TableCount(PageTableRegion.Linear));
        Assert.Equal(linearBytesBefore, rig.Total.LinearMapPageTableBytes);
        Assert.Equal(0UL, rig.Usage("gpu0").LinearMapPageTableBytes);
        Assert.Null(rig.Machine.TranslateVirtual(rig.Ref.LinearVa(Start)));
        Assert.NotNull(rig.Machine.TranslateVirtual(rig.Ref.StructPageVa(Start)));
        Assert.Equal(-(long)(g.MemmapBytes(size) + (ulong)vmemmapTables * g.PageSize), r.SystemRamDeltaBytes);
        Assert.Empty(rig.Machine.CheckInvariants());

        Assert.True(rig.Machine.RemoveDevice("gpu0").Success);
        rig.AssertRamBackToBoot();
    }

    /// <summary>
    /// Every ZONE_DEVICE type but DEVICE_PRIVATE goes through arch_add_memory (docs/kernel-model.md#memremap_pages): linear map built with the
    /// rodata_full granularity, whatever carries the struct pages.
    /// </summary>
    [Theory]
    [InlineData(DeviceType.FsDax, true)]
    [InlineData(DeviceType.DevDax, true)]
    [InlineData(DeviceType.DevDax, false)]
    [InlineData(DeviceType.Generic, false)]
    [InlineData(DeviceType.PciP2pDma, false)]
    public void EveryTypeButPrivate_GetsAPageGranularLinearMap(DeviceType type, bool altmap)
    {
        var rig = KernelRig.Boot(version: "6.6");
        RefGeometry g = rig.G;
        ulong size = 4 * ByteSize.GiB;
        int linearTables = rig.Ref.NewLinearTables(Start, size);
        int linearPtesBefore = rig.Machine.GetTablePages(PageTableRegion.Linear, 3).Count;

        HotplugResult r = rig.Add(new DeviceSpec { Name = "d0", Type = type, Start = Start, Size = size, Altmap = altmap });

        Assert.True(r.Success, r.Message);
        Assert.Equal((ulong)linearTables * g.PageSize, rig.Usage("d0").LinearMapPageTableBytes);
        Assert.Equal((int)(size / g.PmdSize), rig.Machine.GetTablePages(PageTableRegion.Linear, 3).Count - linearPtesBefore);
        Assert.Equal(Start + size - g.PageSize, rig.Machine.TranslateVirtual(rig.Ref.LinearVa(Start + size - g.PageSize)));
        Assert.Equal(altmap ? MemmapLocation.Device : MemmapLocation.SystemRam, r.DeviceMemory!.MemmapLocation);
    }

    /// <summary>
    /// Node 1 has no RAM: alloc_pages_node falls back to node 0. vmemmap_populate_basepages calls
    /// vmemmap_verify on every PTE it fills, so 16K/64K report "potential offnode page_structs". The arm64 4K
    /// loop (v5.8-v6.3) verifies only PMDs that were already present, so a fresh 4K device on node 1 is silent.
    /// </summary>
    [Theory]
    [InlineData(16384UL, 1, true)]
    [InlineData(65536UL, 1, true)]
    [InlineData(16384UL, 0, false)]
    [InlineData(4096UL, 1, false)]
    public void DeviceOnANodeWithoutRam_OffnodeStructPages(ulong pageSize, int node, bool warns)
    {
        var rig = KernelRig.Boot(pageSize: pageSize, version: "5.9", emptySecondNode: true);
        ulong size = ByteSize.GiB;

        HotplugResult r = rig.Add(KernelRig.Generic("cxl0", Start, size, node: node));

        Assert.True(r.Success, r.Message);
        Assert.Equal(warns, r.Warnings.Any(w => w.Function == "vmemmap_verify"));
        Assert.Equal(warns, rig.Machine.Warnings.Any(w => w.Function == "vmemmap_verify" && w.Device == "cxl0"));
        var data = rig.Machine.Allocations.Where(e => e.Device == "cxl0" && e.Purpose == PagePurpose.VmemmapData && !e.Failed).ToList();
        Assert.NotEmpty(data);
        Assert.All(data, e => Assert.Equal(0, e.Node));               // node 0 is the only one with RAM
        Assert.Equal(node, r.DeviceMemory!.Node);
    }

    /// <summary>
    /// Node 1 with its own RAM: vmemmap_alloc_block(size, node) and vmemmap_alloc_block_zero take the struct pages
    /// and the vmemmap tables from node 1's buddy allocator, and vmemmap_verify finds them local.
    /// </summary>
    [Theory]
    [InlineData(4096UL)]
    [InlineData(16384UL)]
    public void DeviceOnANodeWithRam_StructPagesAndVmemmapTablesComeFromThatNode(ulong pageSize)
    {
        var rig = KernelRig.Boot(pageSize: pageSize, version: "6.6", secondNodeRam: 8 * ByteSize.GiB);
        ulong node1End = KernelRig.SecondNodeBase + 8 * ByteSize.GiB;

        HotplugResult r = rig.Add(KernelRig.Generic("cxl0", Start, ByteSize.GiB, node: 1));

        Assert.True(r.Success, r.Message);
        Assert.DoesNotContain(r.Warnings, w => w.Function == "vmemmap_verify");
        var fromNode = rig.Machine.Allocations
            .Where(e => e.Device == "cxl0" && !e.Failed && (e.Purpose == PagePurpose.VmemmapData || e.Purpose == PagePurpose.VmemmapTable))
            .ToList();
        Assert.NotEmpty(fromNode);
        Assert.All(fromNode, e =>
        {
            Assert.Equal(1, e.Node);
            Assert.InRange(e.PhysAddr, KernelRig.SecondNodeBase, node1End - 1);
        });
        Assert.Empty(rig.Machine.CheckInvariants());
    }
}
