using System;
using System.Linq;
using VmemmapPS.Core.Units;
using VmemmapPS.Reference;
using Xunit;

namespace VmemmapPS.Core.Tests.Kernel;

/// <summary>
/// Every page a removal gives back is logged under the kernel function that frees it (docs/kernel-model.md#teardown):
///   page-table pages (vmemmap and linear map)   free_hotplug_pgtable_page
///   struct pages in system RAM (map=mem)       free_hotplug_page_range (free_pages)
///   struct pages in the device (map=dev)       vmem_altmap_free, one call per PMD block unmapped
/// and what a failed add names is the allocator that failed.
/// </summary>
public class FreeFunctionNameTests
{
    private const ulong Start = 0x400_0000_0000UL;

    [Theory]
    [InlineData("5.9", true, 64 * ByteSize.GiB)]
    [InlineData("5.9", false, 64 * ByteSize.GiB)]
    [InlineData("6.6", true, ByteSize.TiB)]          // whole PMD tables of altmap blocks: the span path
    [InlineData("6.6", false, 64 * ByteSize.GiB)]
    [InlineData("6.14", true, ByteSize.TiB)]
    public void RemovalFrees_NameTheKernelFunctionThatFreesThem(string version, bool mapDev, ulong size)
    {
        var rig = KernelRig.Boot(version: version, rodataFull: true);
        RefGeometry g = rig.G;
        var nd = new RefNvdimmPfn(g, Start, size, mapDev);
        ulong memmapPages = g.MemmapBytes(nd.RangeSize) / g.PageSize;
        ulong blocks = g.MemmapBytes(nd.RangeSize) / g.PmdSize;
        int pmdOrder = g.PmdOrder;
        Assert.True(rig.Add(KernelRig.FsDax("pmem0", Start, size, altmap: mapDev)).Success);
        long addedUpTo = rig.Machine.Allocations.Max(e => e.Sequence);

        Assert.True(rig.Machine.RemoveDevice("pmem0").Success);

        var frees = rig.Machine.Allocations
            .Where(e => e.Sequence > addedUpTo && e.Action == AllocationAction.Free && !e.Failed && e.Device == "pmem0")
            .ToList();
        var tables = frees.Where(e => e.Purpose == PagePurpose.VmemmapTable || e.Purpose == PagePurpose.LinearMapTable).ToList();
        Assert.Contains(tables, e => e.Purpose == PagePurpose.VmemmapTable);
        Assert.Contains(tables, e => e.Purpose == PagePurpose.LinearMapTable);
        Assert.All(tables, e => Assert.Equal("free_hotplug_pgtable_page", e.KernelFunction));
        Assert.All(tables, e => Assert.Equal(AllocationSource.SystemRam, e.Source));

        var data = frees.Where(e => e.Purpose == PagePurpose.VmemmapData).ToList();
        Assert.Equal(memmapPages, data.Aggregate(0UL, (s, e) => s + e.Pages));
        Assert.All(data, e => Assert.Equal(pmdOrder, e.Order));
        if (mapDev)
        {
            Assert.All(data, e => Assert.Equal(AllocationSource.Altmap, e.Source));
            Assert.All(data, e => Assert.Equal("vmem_altmap_free", e.KernelFunction));
            Assert.Equal((long)blocks, data.Sum(e => e.Count));
        }
        else
        {
            Assert.All(data, e => Assert.Equal(AllocationSource.SystemRam, e.Source));
            Assert.All(data, e => Assert.Equal("free_hotplug_page_range", e.KernelFunction));
        }

        rig.AssertRamBackToBoot();
    }

    /// <summary>
    /// A failed order-9 allocation for struct pages (5.9: no base-page fallback) names its allocator,
    /// vmemmap_alloc_block, not only the -ENOMEM.
    /// </summary>
    [Fact]
    public void AFailedStructPageBlock_NamesVmemmapAllocBlock()
    {
        var rig = KernelRig.Boot(version: "5.9");
        int pmdOrder = rig.G.PmdOrder;
        rig.Machine.InjectFailure(new FaultSpec { Nth = 1, Order = pmdOrder });

        HotplugResult r = rig.Add(KernelRig.Generic("gen0", Start, ByteSize.GiB));

        Assert.False(r.Success);
        Assert.Equal(-12, r.Errno);
        Assert.Equal("vmemmap_alloc_block", r.FailedFunction);
        Assert.Equal(Errors.FailureKind.VmemmapAllocationFailed, r.Failure);
    }

    /// <summary>
    /// arch_add_memory maps the linear map first: its first missing table page fails in __pgd_pgtable_alloc (the
    /// kernel BUG()s there); once the linear map has its tables, the next order-0 failure is the vmemmap's.
    /// </summary>
    [Theory]
    [InlineData(false, "__pgd_pgtable_alloc")]
    [InlineData(true, "vmemmap_alloc_block_zero")]
    public void AFailedTablePage_NamesTheTableAllocator(bool afterTheLinearMap, string function)
    {
        var rig = KernelRig.Boot(version: "6.6");
        ulong start = 0x2800_0000_0000UL, size = ByteSize.GiB; // 40 TiB: new tables in both regions
        int linearTables = rig.Ref.NewLinearTables(start, size);
        Assert.True(linearTables > 0);
        rig.Machine.InjectFailure(new FaultSpec { Nth = afterTheLinearMap ? linearTables + 1 : 1, Order = 0 });

        HotplugResult r = rig.Add(KernelRig.Generic("gen0", start, size));

        Assert.False(r.Success);
        Assert.Equal(-12, r.Errno);
        Assert.Equal(function, r.FailedFunction);
        Assert.Equal(Errors.FailureKind.PageTableAllocationFailed, r.Failure);
        Assert.Contains(rig.Machine.Allocations, e => e.Failed && e.KernelFunction == function);
        // BUG_ON(!ptr) is the linear map's allocator's; the vmemmap's returns -ENOMEM to its caller
        Assert.Equal(!afterTheLinearMap, r.Message.Contains("BUG()", StringComparison.Ordinal));
    }
}
