using System;
using System.Linq;
using VmemmapPS.Core.Errors;
using VmemmapPS.Reference;
using VmemmapPS.Core.Units;
using Xunit;

namespace VmemmapPS.Core.Tests.Kernel;

/// <summary>
/// Hot-added System RAM (add_memory_resource, memory_block_online/offline, offline_and_remove_memory) with the
/// numbers derived here from the kernel's formulas: memory_block_size_bytes() is the section size on arm64, the
/// memmap is 64 bytes per page, memmap_on_memory keeps PFN_UP(memmap of one block) pages at each block's start.
/// </summary>
public class SystemRamTests
{
    private const ulong Start = 0x40_0000_0000UL; // 256 GiB: far above the rig's RAM, inside every linear map

    private static SystemMemorySpec Ram(string name, ulong start, ulong size, bool memmapOnMemory = false, OnlineType? online = OnlineType.Kernel, int node = 0) =>
        new() { Name = name, Start = start, Size = size, MemmapOnMemory = memmapOnMemory, Online = online, Node = node };

    /// <summary>mhp_supports_memmap_on_memory on arm64: the block's memmap is whole PMDs (pageblock = PMD here).</summary>
    private static bool MemmapOnMemorySupported(RefGeometry g) => g.MemmapBytes(g.SectionSize) % g.PmdSize == 0;

    [Theory]
    [InlineData(4096)]
    [InlineData(16384)]
    [InlineData(65536)]
    public void AddOnlined_WithoutMemmapOnMemory_MemTotalGrowsByTheRange_MemmapAndTablesComeFromRam(ulong pageSize)
    {
        var rig = KernelRig.Boot(pageSize, "6.14");
        ulong size = 4 * rig.G.SectionSize;
        ulong totalBefore = rig.Machine.SystemRamTotalBytes, freeBefore = rig.Machine.SystemRamFreeBytes;

        HotplugResult r = rig.Machine.AddSystemMemory(Ram("ram0", Start, size));

        Assert.True(r.Success, r.Message);
        ulong tables = (ulong)rig.Ref.NewTables(Start, size) * pageSize;
        Assert.Equal(totalBefore + size, rig.Machine.SystemRamTotalBytes);
        Assert.Equal(freeBefore + size - rig.G.MemmapBytes(size) - tables, rig.Machine.SystemRamFreeBytes);
        Assert.Equal(rig.G.MemmapBytes(size), rig.Usage("ram0").VmemmapFromSystemRamBytes);
        Assert.Equal(0UL, rig.Usage("ram0").MemmapOnMemoryBytes);
        SystemMemory sm = Assert.Single(rig.Machine.SystemMemory);
        Assert.Equal(4UL, sm.MemoryBlocks);
        Assert.Equal(4UL, sm.OnlineBlocks);
        Assert.Equal("System RAM", sm.ResourceName);
        Assert.Empty(rig.Machine.CheckInvariants());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    public void MemmapOnMemory_4K_EachBlockKeepsItsMemmap_OnlyTablesComeFromRam(int blocks)
    {
        var rig = KernelRig.Boot(4096, "6.14");
        RefGeometry g = rig.G;
        ulong size = (ulong)blocks * g.SectionSize;
        ulong totalBefore = rig.Machine.SystemRamTotalBytes, freeBefore = rig.Machine.SystemRamFreeBytes;

        HotplugResult r = rig.Machine.AddSystemMemory(Ram("cxl0", Start, size, memmapOnMemory: true));

        Assert.True(r.Success, r.Message);
        ulong perBlock = g.MemmapOnMemoryPagesPerBlock * g.PageSize;
        ulong managed = (ulong)blocks * (g.SectionSize - perBlock);
        Assert.Equal(totalBefore + managed, rig.Machine.SystemRamTotalBytes);
        Assert.Equal(freeBefore + managed - (ulong)rig.Ref.NewTables(Start, size) * g.PageSize, rig.Machine.SystemRamFreeBytes);
        UsageRow u = rig.Usage("cxl0");
        Assert.Equal((ulong)blocks * perBlock, u.MemmapOnMemoryBytes);
        Assert.Equal(rig.G.MemmapBytes(size), u.VmemmapFromAltmapBytes);
        Assert.Equal(0UL, u.VmemmapFromSystemRamBytes);
        foreach (VmemmapMapping m in rig.Machine.GetVmemmapMappings("cxl0"))
        {
            ulong block = (m.PhysAddr - Start) / g.SectionSize;
            Assert.Equal(AllocationSource.Altmap, m.Backing);
            Assert.Equal(Start + block * g.SectionSize, m.PhysAddr); // the block's first pages
        }

        Assert.Empty(rig.Machine.CheckInvariants());
    }

    [Theory]
    [InlineData(16384)]
    [InlineData(65536)]
    public void MemmapOnMemory_16Kand64K_FallsBackToRam_SinceV66(ulong pageSize)
    {
        var rig = KernelRig.Boot(pageSize, "6.14");
        Assert.False(MemmapOnMemorySupported(rig.G));
        ulong size = 2 * rig.G.SectionSize;
        ulong totalBefore = rig.Machine.SystemRamTotalBytes;

        HotplugResult r = rig.Machine.AddSystemMemory(Ram("cxl0", Start, size, memmapOnMemory: true));

        Assert.True(r.Success, r.Message);
        Assert.False(r.SystemMemory!.MemmapOnMemory);
        Assert.Equal(totalBefore + size, rig.Machine.SystemRamTotalBytes);
        Assert.Equal(rig.G.MemmapBytes(size), rig.Usage("cxl0").VmemmapFromSystemRamBytes);
    }

    [Fact]
    public void MemmapOnMemory_MultiBlock_BeforePerBlockAltmaps_FallsBack_SingleBlockWorks()
    {
        // v6.6-v6.7: mhp_supports_memmap_on_memory(size) wants size == memory_block_size_bytes()
        var rig = KernelRig.Boot(4096, "6.6");
        ulong mbs = rig.G.SectionSize;

        Assert.True(rig.Machine.AddSystemMemory(Ram("two", Start, 2 * mbs, memmapOnMemory: true)).Success);
        Assert.True(rig.Machine.AddSystemMemory(Ram("one", Start + 4 * mbs, mbs, memmapOnMemory: true)).Success);

        Assert.False(rig.Machine.SystemMemory.Single(s => s.Name == "two").MemmapOnMemory);
        Assert.Equal(rig.G.MemmapOnMemoryPagesPerBlock * rig.PageSize, rig.Machine.SystemMemory.Single(s => s.Name == "one").MemmapOnMemoryBytes);
        Assert.Empty(rig.Machine.CheckInvariants());
    }

    [Theory]
    [InlineData("5.15.190")]
    [InlineData("6.1.150")]
    public void MemmapOnMemory_V513ToV65_OneBlockWorks_MoreIsEinvalAndChangesNothing(string version)
    {
        // mhp_supports_memmap_on_memory(size) wants size == memory_block_size_bytes(); add_memory_resource: -EINVAL
        var rig = KernelRig.Boot(4096, version);
        ulong mbs = rig.G.SectionSize;
        Assert.True(rig.Machine.AddSystemMemory(Ram("one", Start, mbs, memmapOnMemory: true)).Success);
        Assert.Equal(rig.G.MemmapOnMemoryPagesPerBlock * rig.PageSize, rig.Machine.SystemMemory.Single().MemmapOnMemoryBytes); // nr_vmemmap_pages = altmap.alloc
        string before = MachineSnapshot.Take(rig.Machine);

        SimException e = Assert.Throws<SimException>(() => rig.Machine.AddSystemMemory(Ram("two", Start + 4 * mbs, 2 * mbs, memmapOnMemory: true)));

        Assert.Equal(FailureKind.NotSupported, e.Kind);
        Assert.Equal(-22, e.Errno);
        Assert.Equal("add_memory_resource", e.KernelFunction);
        Assert.Equal(before, MachineSnapshot.Take(rig.Machine));
        Assert.True(rig.Machine.RemoveSystemMemory("one").Success);
        rig.AssertRamBackToBoot();
        Assert.Empty(rig.Machine.Warnings);
    }

    [Fact]
    public void MemmapOnMemory_BeforeV513_IsRefusedWithEopnotsupp_AndChangesNothing()
    {
        var rig = KernelRig.Boot(4096, "5.12");
        string before = MachineSnapshot.Take(rig.Machine);

        SimException e = Assert.Throws<SimException>(() => rig.Machine.AddSystemMemory(Ram("x", Start, rig.G.SectionSize, memmapOnMemory: true)));

        Assert.Equal(FailureKind.NotSupported, e.Kind);
        Assert.Equal(-95, e.Errno);
        Assert.Equal(before, MachineSnapshot.Take(rig.Machine));
    }

    [Theory]
    [InlineData("start")]
    [InlineData("size")]
    [InlineData("overlap")]
    [InlineData("node")]
    public void RefusedAdd_GetsTheKernelsErrno_AndChangesNothing(string what)
    {
        var rig = KernelRig.Boot(4096, "6.14");
        ulong mbs = rig.G.SectionSize;
        Assert.True(rig.Machine.AddSystemMemory(Ram("ram0", Start, mbs)).Success);
        string before = MachineSnapshot.Take(rig.Machine);
        SystemMemorySpec spec = what switch
        {
            "start" => Ram("x", Start + 4 * mbs + mbs / 2, mbs),     // check_hotplug_memory_range: start not block aligned
            "size" => Ram("x", Start + 4 * mbs, mbs + mbs / 2),       // size not a whole number of blocks
            "overlap" => Ram("x", Start, mbs),                        // register_memory_resource: request_resource conflict
            _ => Ram("x", Start + 4 * mbs, mbs, node: 7),
        };
        (FailureKind code, int errno) = what switch
        {
            "overlap" => (FailureKind.DeviceMemoryOverlap, -17),
            "node" => (FailureKind.NodeNotFound, -22),
            _ => (FailureKind.UnalignedRange, -22),
        };

        SimException e = Assert.Throws<SimException>(() => rig.Machine.AddSystemMemory(spec));

        Assert.Equal(code, e.Kind);
        Assert.Equal(errno, e.Errno);
        Assert.Equal(before, MachineSnapshot.Take(rig.Machine));
    }

    [Fact]
    public void OnlineMovable_OfflineAndOnlineKernel_MemTotalFollows_AndNoKernelAllocationLandsInMovable()
    {
        // node 1 has no RAM of its own: a device on it takes its memmap from the zonelist fallback (node 0)
        var rig = KernelRig.Boot(4096, "6.14", emptySecondNode: true);
        ulong mbs = rig.G.SectionSize;
        ulong total0 = rig.Machine.SystemRamTotalBytes;
        Assert.True(rig.Machine.AddSystemMemory(Ram("cxl0", Start, 2 * mbs, online: OnlineType.Movable, node: 1)).Success);
        Assert.Equal(total0 + 2 * mbs, rig.Machine.SystemRamTotalBytes);

        Assert.True(rig.Add(KernelRig.Generic("dev", Start + 8 * mbs, mbs, node: 1)).Success);
        Assert.DoesNotContain(rig.Machine.GetPageOwners(device: "dev"), o => o.PhysAddr >= Start && o.PhysAddr < Start + 2 * mbs);

        Assert.True(rig.Machine.SetSystemMemoryState("cxl0", OnlineType.None).Success);
        Assert.Equal(total0, rig.Machine.SystemRamTotalBytes);
        Assert.True(rig.Machine.SetSystemMemoryState("cxl0", OnlineType.Kernel).Success);
        Assert.Equal(total0 + 2 * mbs, rig.Machine.SystemRamTotalBytes);
        Assert.All(rig.Machine.GetMemoryBlocks("cxl0"), b => Assert.Equal(MemoryZone.Normal, b.Zone));
        Assert.Empty(rig.Machine.CheckInvariants());
    }

    [Fact]
    public void LaterDeviceMemmap_ComesFromHotAddedRam_AndPinsItsBlock_OfflineIsEbusy()
    {
        var rig = KernelRig.Boot(4096, "6.14", emptySecondNode: true);
        ulong mbs = rig.G.SectionSize;
        Assert.True(rig.Machine.AddSystemMemory(Ram("cxl0", Start, 2 * mbs, node: 1)).Success);
        ulong devSize = 4 * rig.G.SectionSize;

        Assert.True(rig.Add(KernelRig.Generic("dev", Start + 8 * mbs, devSize, node: 1)).Success);

        var memmap = rig.Machine.GetPageOwners(PagePurpose.VmemmapData, "dev");
        Assert.Equal(rig.G.MemmapBytes(devSize), memmap.Aggregate(0UL, (s, o) => s + o.Bytes));
        Assert.All(memmap, o => Assert.InRange(o.PhysAddr, Start, Start + 2 * mbs - 1));
        ulong pinned = (memmap.Min(o => o.PhysAddr) - Start) / mbs;
        string before = MachineSnapshot.Take(rig.Machine);

        HotplugResult busy = rig.Machine.SetSystemMemoryState("cxl0", OnlineType.None, pinned, 1);

        Assert.False(busy.Success);
        Assert.Equal(-16, busy.Errno);
        Assert.Equal(before.Replace("\r", string.Empty), MachineSnapshot.Take(rig.Machine).Replace("\r", string.Empty));
        HotplugResult remove = rig.Machine.RemoveSystemMemory("cxl0");
        Assert.False(remove.Success);
        Assert.Equal(2UL, rig.Machine.SystemMemory.Single().OnlineBlocks); // offline_and_remove_memory rolled back

        Assert.True(rig.Machine.RemoveDevice("dev").Success);
        Assert.True(rig.Machine.RemoveSystemMemory("cxl0").Success);
        rig.AssertRamBackToBoot();
        Assert.Empty(rig.Machine.CheckInvariants());
    }

    /// <summary>
    /// offline_and_remove_memory offlines block by block; when one cannot go (-EBUSY), the blocks it offlined
    /// before are onlined again, each in the zone it had. Here block 0 is movable and a device's memmap pins a
    /// later, kernel-zone block, so the removal fails after block 0 went offline.
    /// </summary>
    [Fact]
    public void RemoveThatHitsAPinnedBlock_OnlinesTheBlocksItOfflinedAgain_InTheirZones()
    {
        var rig = KernelRig.Boot(4096, "6.14", emptySecondNode: true);
        ulong mbs = rig.G.SectionSize;
        Assert.True(rig.Machine.AddSystemMemory(Ram("cxl0", Start, 3 * mbs, online: null, node: 1)).Success);
        Assert.True(rig.Machine.SetSystemMemoryState("cxl0", OnlineType.Movable, 0, 1).Success);
        Assert.True(rig.Machine.SetSystemMemoryState("cxl0", OnlineType.Kernel, 1, 2).Success);
        Assert.True(rig.Add(KernelRig.Generic("dev", Start + 8 * mbs, 4 * mbs, node: 1)).Success);
        ulong pinned = (rig.Machine.GetPageOwners(PagePurpose.VmemmapData, "dev").Min(o => o.PhysAddr) - Start) / mbs;
        Assert.True(pinned >= 1, "kernel allocations never land in ZONE_MOVABLE");
        string before = MachineSnapshot.Take(rig.Machine);
        ulong total = rig.Machine.SystemRamTotalBytes;

        HotplugResult remove = rig.Machine.RemoveSystemMemory("cxl0");

        Assert.False(remove.Success);
        Assert.Equal(Errno.EBUSY, remove.Errno);
        Assert.Equal(FailureKind.MemoryBlockBusy, remove.Failure);
        Assert.DoesNotContain("BUG()", remove.Message, StringComparison.Ordinal); // offline_pages returns -EBUSY, nothing BUG()s
        Assert.Equal(total, rig.Machine.SystemRamTotalBytes);
        MemoryBlockInfo[] blocks = rig.Machine.GetMemoryBlocks("cxl0").ToArray();
        Assert.Equal(new[] { MemoryZone.Movable, MemoryZone.Normal }, blocks.Select(b => b.Zone).ToArray());
        Assert.Equal(new[] { 1UL, 2UL }, blocks.Select(b => b.Blocks).ToArray());
        Assert.All(blocks, b => Assert.Equal("online", b.State));
        Assert.Equal(before.Replace("\r", string.Empty), MachineSnapshot.Take(rig.Machine).Replace("\r", string.Empty));
    }

    /// <summary>memoryN rows, one per run in the same state: where it starts, how big, what the buddy allocator got.</summary>
    [Fact]
    public void MemoryBlockRows_PlaceEachRun_AndCountTheManagedPagesOfOnlineOnes()
    {
        var rig = KernelRig.Boot(4096, "6.14");
        RefGeometry g = rig.G;
        ulong mbs = g.SectionSize;
        Assert.True(rig.Machine.AddSystemMemory(Ram("cxl0", Start, 4 * mbs, memmapOnMemory: true, online: null)).Success);

        Assert.True(rig.Machine.SetSystemMemoryState("cxl0", OnlineType.Kernel, 1, 2).Success);

        MemoryBlockInfo[] rows = rig.Machine.GetMemoryBlocks("cxl0").ToArray();
        Assert.Equal(new[] { (0UL, 1UL), (1UL, 2UL), (3UL, 1UL) }, rows.Select(r => ((r.Start - Start) / mbs, r.Size / mbs)).ToArray());
        Assert.Equal(new[] { "offline", "online", "offline" }, rows.Select(r => r.State).ToArray());
        Assert.Equal(Start / mbs + 1, rows[1].FirstBlock);
        ulong perBlock = g.MemmapOnMemoryPagesPerBlock;
        Assert.Equal(new[] { 0UL, 2 * (mbs / g.PageSize - perBlock), 0UL }, rows.Select(r => r.ManagedPages).ToArray());
        SystemMemory s = rig.Machine.SystemMemory.Single();
        Assert.Equal((4UL, 2UL, 0UL), (s.MemoryBlocks, s.OnlineBlocks, s.MovableBlocks));
        Assert.Equal(4 * perBlock * g.PageSize, s.MemmapOnMemoryBytes);
        Assert.Equal(2 * (mbs - perBlock * g.PageSize), s.ManagedBytes);
    }

    [Theory]
    [InlineData(4UL, null)] // past the last block
    [InlineData(2UL, 3UL)]  // runs over the end
    [InlineData(0UL, 0UL)]  // no block at all
    public void BlockStateOutsideTheResource_IsInvalidSize_AndChangesNothing(ulong first, ulong? count)
    {
        var rig = KernelRig.Boot(4096, "6.14");
        Assert.True(rig.Machine.AddSystemMemory(Ram("cxl0", Start, 4 * rig.G.SectionSize, online: null)).Success);
        string before = MachineSnapshot.Take(rig.Machine);

        SimException e = Assert.Throws<SimException>(() => rig.Machine.SetSystemMemoryState("cxl0", OnlineType.Kernel, first, count));

        Assert.Equal(FailureKind.InvalidSize, e.Kind);
        Assert.Equal(first, e.Target);
        Assert.Equal(before, MachineSnapshot.Take(rig.Machine));
    }

    [Fact]
    public void OnliningAnOnlineBlockIntoAnotherZone_IsEinval_ItKeepsItsZone()
    {
        var rig = KernelRig.Boot(4096, "6.14");
        Assert.True(rig.Machine.AddSystemMemory(Ram("cxl0", Start, 2 * rig.G.SectionSize, online: OnlineType.Kernel)).Success);

        HotplugResult r = rig.Machine.SetSystemMemoryState("cxl0", OnlineType.Movable, 1, 1);

        Assert.False(r.Success);
        Assert.Equal(Errno.EINVAL, r.Errno);
        Assert.Equal("memory_block_change_state", r.FailedFunction);
        Assert.All(rig.Machine.GetMemoryBlocks("cxl0"), b => Assert.Equal(MemoryZone.Normal, b.Zone));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void RemoveAfterOnline_GivesEverythingBack(bool memmapOnMemory)
    {
        var rig = KernelRig.Boot(4096, "6.14");
        ulong total0 = rig.Machine.SystemRamTotalBytes;
        Assert.True(rig.Machine.AddSystemMemory(Ram("ram0", Start, 3 * rig.G.SectionSize, memmapOnMemory)).Success);

        HotplugResult r = rig.Machine.RemoveSystemMemory("ram0");

        Assert.True(r.Success, r.Message);
        Assert.Empty(rig.Machine.SystemMemory);
        Assert.Equal(total0, rig.Machine.SystemRamTotalBytes);
        Assert.Empty(rig.Machine.GetVmemmapMappings("ram0"));
        rig.AssertRamBackToBoot();
        Assert.Empty(rig.Machine.Warnings);
        Assert.Empty(rig.Machine.CheckInvariants());
    }

    [Fact]
    public void AddedOffline_NothingReachesTheBuddyAllocator_UntilOnlined()
    {
        var rig = KernelRig.Boot(4096, "6.14");
        ulong total0 = rig.Machine.SystemRamTotalBytes;

        Assert.True(rig.Machine.AddSystemMemory(Ram("ram0", Start, rig.G.SectionSize, online: null)).Success); // memhp_default_state=offline

        Assert.Equal(total0, rig.Machine.SystemRamTotalBytes);
        Assert.Equal("offline", rig.Machine.GetMemoryBlocks().Single().State);
        Assert.Equal(Start / rig.G.SectionSize, rig.Machine.GetMemoryBlocks().Single().FirstBlock); // memoryN: N = phys_index
        Assert.Equal(0UL, rig.Machine.GetMemoryBlocks().Single().ManagedPages);
    }

    /// <summary>
    /// create_altmaps_and_memory_blocks (v6.8+) adds block after block, each with its own altmap. When
    /// arch_add_memory of a later block fails (here the vmemmap's first new table), that block cleans up after itself
    /// (section_deactivate, __remove_pgd_mapping) and remove_memory_blocks_and_altmaps takes the earlier blocks away
    /// again with their altmaps: the add fails with -ENOMEM and leaves nothing behind.
    /// </summary>
    [Fact]
    public void MemmapOnMemory_FaultInALaterBlocksArchAddMemory_RemovesTheEarlierBlocksWithTheirAltmaps()
    {
        var rig = KernelRig.Boot(4096, "6.14");
        RefGeometry g = rig.G;
        ulong mbs = g.SectionSize;
        // the second block's struct pages open a new vmemmap PMD table (one maps the memmap of this much memory)
        ulong memoryPerVmemmapPmdTable = g.TableSpan(2) / RefGeometry.StructPageSize * g.PageSize;
        ulong start = rig.Ref.Memstart + 4 * memoryPerVmemmapPmdTable - mbs;
        int firstBlockTables = rig.Ref.NewTables(start, mbs);
        int secondBlockLinearTables = rig.Ref.NewLinearTables(start, 2 * mbs) - rig.Ref.NewLinearTables(start, mbs);
        Assert.True(rig.Ref.NewVmemmapTables(start, 2 * mbs) > rig.Ref.NewVmemmapTables(start, mbs));
        // arch_add_memory maps the linear range first, then __add_pages populates the vmemmap
        rig.Machine.InjectFailure(new FaultSpec { Nth = firstBlockTables + secondBlockLinearTables + 1, Order = 0 });

        HotplugResult r = rig.Machine.AddSystemMemory(Ram("cxl0", start, 2 * mbs, memmapOnMemory: true));

        Assert.False(r.Success);
        Assert.Equal(Errno.ENOMEM, r.Errno);
        Assert.Equal("vmemmap_alloc_block_zero", r.FailedFunction); // the PMD table vmemmap_pud_populate asks for
        Assert.Empty(rig.Machine.SystemMemory);
        Assert.Empty(rig.Machine.GetVmemmapMappings("cxl0"));
        rig.AssertRamBackToBoot();
        // warn_alloc of the failed allocation, and no "Altmap not fully unmapped" from the earlier block's removal
        Assert.Equal("vmemmap_alloc_block", Assert.Single(rig.Machine.Warnings).Function);
        Assert.Empty(rig.Machine.CheckInvariants());
    }

    [Fact]
    public void FaultInAddMemory_SectionsOfEarlierChunksStay_TheResourceIsReleased()
    {
        // arch_add_memory -> __add_pages stops at the failing section with no rollback of the earlier ones; v5.9-v5.11
        // return -ENOMEM for a failed PMD block (later releases fall back to base pages)
        var rig = KernelRig.Boot(4096, "5.9");
        ulong mbs = rig.G.SectionSize;
        int pmdOrder = rig.G.PmdOrder;
        ulong pmdsPerSection = rig.G.MemmapBytes(mbs) / rig.G.PmdSize;
        rig.Machine.InjectFailure(new FaultSpec { Nth = (long)pmdsPerSection + 1, Order = pmdOrder });

        HotplugResult r = rig.Machine.AddSystemMemory(Ram("ram0", Start, 2 * mbs));

        Assert.False(r.Success);
        Assert.Equal(-12, r.Errno);
        Assert.True(r.LeftState);
        Assert.Empty(rig.Machine.SystemMemory);
        Assert.Contains(rig.Machine.CheckInvariants(), f => f.Check == "Leak" && f.Address == Start);
    }
}
