using VmemmapPS.Core.Arch.Arm64;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Mm;
using VmemmapPS.Core.Sim;

namespace VmemmapPS.Core.Drivers.Base;

/// <summary>
/// Memory block devices and their onlining (drivers/base/memory.c: create_memory_block_devices,
/// memory_block_online / memory_block_offline) with online_pages / offline_pages (mm/memory_hotplug.c).
/// </summary>
internal abstract class MemoryBlockDevices : Arm64Mm
{
    protected MemoryBlockDevices(Arm64Geometry geometry, bool rodataFull)
        : base(geometry, rodataFull)
    {
    }

    /// <summary>
    /// mirrors create_memory_block_devices: one offline memory block per block, remembering its altmap. When one
    /// fails (init_memory_block: -ENOMEM), the ones created before it are removed again and the error returned.
    /// </summary>
    protected override int CreateMemoryBlockDevices(SystemRamState res, ulong blocks, VmemAltmap? altmap)
    {
        if (Faults.MemoryBlocksBeforeFailure(blocks) < blocks)
        {
            NoteAllocFailure("create_memory_block_devices", FailureKind.HotplugFailed); // init_memory_block: kzalloc or device registration
            return Errno.ENOMEM;
        }

        res.Blocks.Append(blocks, MemoryZone.None, altmap?.Alloc ?? 0, altmap?.Align ?? 0);
        return 0;
    }

    /// <summary>
    /// mirrors zone_for_pfn_range: online_kernel -> the node's kernel zone (ZONE_NORMAL on arm64 above the DMA
    /// zones), online_movable -> ZONE_MOVABLE, online -> default_zone_for_pfn under the default contig-zones policy
    /// with movable_node off, which is the kernel zone unless only ZONE_MOVABLE already spans the range.
    /// </summary>
    private static MemoryZone ZoneForPfnRange(OnlineType type) => type == OnlineType.Movable ? MemoryZone.Movable : MemoryZone.Normal;

    /// <summary>
    /// mirrors memory_block_online (v5.15+; memory_block_action before): nr_vmemmap_pages at the block start are
    /// initialised by mhp_init_memmap_on_memory and stay out of the buddy allocator; online_pages gets the rest.
    /// Returns 0, or the errno of online_pages. An online block is left as it is.
    /// </summary>
    public int MemoryBlockOnline(SystemRamState res, ulong block, OnlineType type)
    {
        MemoryBlockRun run = res.Blocks.At(block);
        if (run.Zone != MemoryZone.None || type == OnlineType.None)
        {
            return 0;
        }

        MemoryZone zone = ZoneForPfnRange(type);
        ulong nrVmemmap = res.VmemmapPagesPerBlock;
        ulong pfn = PfnOf(res.Start) + block * PagesPerBlock;
        int rc = OnlinePages(res.Nid, pfn + nrVmemmap, PagesPerBlock - nrVmemmap, zone);
        if (rc != 0)
        {
            return rc;
        }

        res.Blocks.Set(block, 1, new MemoryBlockRun(block, 1, zone, run.AltmapAlloc, run.AltmapAlign));
        return 0;
    }

    /// <summary>
    /// mirrors memory_block_offline: offline_pages on the block minus its memmap pages; on success
    /// mhp_deinit_memmap_on_memory. Returns 0, or the errno and the function that failed.
    /// </summary>
    public (int Errno, string? Function) MemoryBlockOffline(SystemRamState res, ulong block)
    {
        MemoryBlockRun run = res.Blocks.At(block);
        if (run.Zone == MemoryZone.None)
        {
            return (0, null);
        }

        ulong nrVmemmap = res.VmemmapPagesPerBlock;
        ulong pfn = PfnOf(res.Start) + block * PagesPerBlock;
        (int rc, string? function) = OfflinePages(res.Nid, pfn + nrVmemmap, PagesPerBlock - nrVmemmap, run.Zone);
        if (rc != 0)
        {
            return (rc, function);
        }

        res.Blocks.Set(block, 1, new MemoryBlockRun(block, 1, MemoryZone.None, run.AltmapAlloc, run.AltmapAlign));
        return (0, null);
    }

    /// <summary>
    /// mirrors online_pages: WARN_ON_ONCE unless pageblock-aligned at the start and section-aligned at the end
    /// (-EINVAL); the pages join the zone's free lists and the node's managed pages (MemTotal).
    /// </summary>
    private int OnlinePages(int nid, ulong pfn, ulong nrPages, MemoryZone zone)
    {
        if (nrPages == 0 || pfn % PageblockNrPages != 0 || (pfn + nrPages) % G.PagesPerSection != 0)
        {
            Warnings.WarnOnce("online_pages", "!nr_pages || !pageblock_aligned(pfn) || !IS_ALIGNED(pfn + nr_pages, PAGES_PER_SECTION)",
                PaOf(pfn), Actor, "WARNING: online_pages on a range that is not pageblock/section aligned");
            return Errno.EINVAL;
        }

        NodeMemory node = Nodes.Find(n => n.Id == nid)!;
        node.Hotplugged.Add(pfn, nrPages);
        (zone == MemoryZone.Movable ? node.MovableFree : node.Free).Add(pfn, nrPages);
        node.TotalPages += nrPages;
        return 0;
    }

    /// <summary>
    /// mirrors offline_pages: the same alignment WARN; start_isolate_page_range fails with -EBUSY ("failure to
    /// isolate range") when has_unmovable_pages finds a page in use in a kernel zone. Every page the simulated
    /// kernel allocates (page tables, memmap) is unmovable, and ZONE_MOVABLE never holds one, so a movable block
    /// always offlines and a ZONE_NORMAL block only when all its pages are free.
    /// </summary>
    private (int Errno, string? Function) OfflinePages(int nid, ulong pfn, ulong nrPages, MemoryZone zone)
    {
        if (nrPages == 0 || pfn % PageblockNrPages != 0 || (pfn + nrPages) % G.PagesPerSection != 0)
        {
            Warnings.WarnOnce("offline_pages", "!nr_pages || !pageblock_aligned(start_pfn) || !IS_ALIGNED(start_pfn + nr_pages, PAGES_PER_SECTION)",
                PaOf(pfn), Actor, "WARNING: offline_pages on a range that is not pageblock/section aligned");
            return (Errno.EINVAL, "offline_pages");
        }

        NodeMemory node = Nodes.Find(n => n.Id == nid)!;
        Mm.PfnIntervals free = zone == MemoryZone.Movable ? node.MovableFree : node.Free;
        if (!free.ContainsAll(pfn, nrPages))
        {
            return (Errno.EBUSY, "start_isolate_page_range");
        }

        free.Take(pfn, nrPages);
        node.Hotplugged.Take(pfn, nrPages);
        node.TotalPages -= nrPages;
        return (0, null);
    }
}
