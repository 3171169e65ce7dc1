using VmemmapPS.Core.Drivers.Base;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Sim;
using VmemmapPS.Core.Units;
using VmemmapPS.Core.Versions;

namespace VmemmapPS.Core.Mm;

/// <summary>
/// Hot-added System RAM: add_memory_resource, create_altmaps_and_memory_blocks, try_remove_memory and the
/// memmap_on_memory support checks (mm/memory_hotplug.c, v5.13+ for memmap_on_memory).
/// </summary>
internal abstract partial class GenericMm : KernelPageTables
{
    public ulong PagesPerBlock => G.MemoryBlockSize >> G.PageShift;

    /// <summary>pageblock_nr_pages on arm64: pageblock_order is HUGETLB_PAGE_ORDER, a PMD's worth of pages.</summary>
    public ulong PageblockNrPages => G.PmdSize >> G.PageShift;

    // mirrors memory_block_memmap_size (v6.6+): the struct pages of one memory block.
    public ulong MemoryBlockMemmapSize => PagesPerBlock * G.StructPageSize;

    // mirrors memory_block_memmap_on_memory_pages (v6.6+, memmap_on_memory=1, not "force"): PFN_UP of the memmap.
    public ulong MemoryBlockMemmapOnMemoryPages => (MemoryBlockMemmapSize + PageShiftMask) >> G.PageShift;

    /// <summary>
    /// mirrors mhp_supports_memmap_on_memory (the boot parameter is taken as set):
    /// v5.13-v6.5: size is one block, its memmap a whole number of PMDs and the rest whole pageblocks;
    /// v6.6+: size is one block, the memmap whole pages and whole pageblocks, not the whole block, and
    /// arch_supports_memmap_on_memory (generic: whole PMDs; arm64 has no override).
    /// </summary>
    public bool MhpSupportsMemmapOnMemory(ulong size)
    {
        if (!P.Has(KernelSwitch.MemmapOnMemory))
        {
            return false;
        }

        ulong vmemmapSize = (size >> G.PageShift) * G.StructPageSize;
        if (!P.Has(KernelSwitch.MemmapOnMemoryFallback))
        {
            ulong remaining = size - vmemmapSize;
            return size == G.MemoryBlockSize && KernelAlign.IsAligned(vmemmapSize, G.PmdSize) &&
                KernelAlign.IsAligned(remaining, PageblockNrPages << G.PageShift);
        }

        if (size != G.MemoryBlockSize || !KernelAlign.IsAligned(MemoryBlockMemmapSize, G.PageSize))
        {
            return false;
        }

        ulong memmapPages = MemoryBlockMemmapOnMemoryPages;
        if (!KernelAlign.IsAligned(memmapPages, PageblockNrPages) || memmapPages == PagesPerBlock)
        {
            return false;
        }

        return KernelAlign.IsAligned(MemoryBlockMemmapSize, G.PmdSize); // arch_supports_memmap_on_memory
    }

    /// <summary>
    /// mirrors add_memory_resource after register_memory_resource (the range, node and alignment checks ran before
    /// any state changed): memmap_on_memory and supported -> create_altmaps_and_memory_blocks (v6.8+) or one
    /// single-block altmap (v5.13-v6.7); otherwise arch_add_memory of the whole range with the memmap from RAM, then
    /// create_memory_block_devices. On failure the resource is released; what arch_add_memory left stays.
    /// Onlining (memhp_default_state) is the caller's next step.
    /// </summary>
    public (int Errno, string? Function) AddMemoryResource(SystemRamState res, bool mhpMemmapOnMemory)
    {
        SystemRam.Add(res);
        DeviceHistory.Set(PfnOf(res.Start), PfnOf(res.End), res.Owner);
        (int rc, string? function) = mhpMemmapOnMemory && P.Has(KernelSwitch.PerBlockAltmaps) && MhpSupportsMemmapOnMemory(G.MemoryBlockSize)
            ? CreateAltmapsAndMemoryBlocks(res)
            : AddWholeRange(res, mhpMemmapOnMemory && MhpSupportsMemmapOnMemory(res.Size));
        if (rc != 0)
        {
            SystemRam.Remove(res); // memblock_remove + release_memory_resource
        }

        return (rc, function);
    }

    private (int Errno, string? Function) AddWholeRange(SystemRamState res, bool singleBlockAltmap)
    {
        // v5.13-v6.5: mhp_altmap.free = PHYS_PFN(size); v6.6-v6.7: memory_block_memmap_on_memory_pages()
        VmemAltmap? altmap = !singleBlockAltmap ? null
            : new VmemAltmap(PfnOf(res.Start), PfnOf(res.End - 1), 0,
                P.Has(KernelSwitch.MemmapOnMemoryFallback) ? MemoryBlockMemmapOnMemoryPages : res.Size >> G.PageShift);
        (int rc, string? function) = ArchAddMemory(res.Nid, res.Start, res.Size, altmap);
        if (rc != 0)
        {
            return (rc, function);
        }

        rc = CreateMemoryBlockDevices(res, res.Size / G.MemoryBlockSize, altmap);
        if (rc != 0)
        {
            // arch_remove_memory(start, size, NULL) until f42ce5f087eb passes params.altmap (v6.7)
            ArchRemoveMemory(res.Start, res.Size, P.Has(KernelSwitch.BlockDevicesErrorKeepsAltmap) ? altmap : null);
            return (rc, "create_memory_block_devices");
        }

        res.MemmapOnMemory = altmap is not null;
        res.VmemmapPagesPerBlock = altmap is null ? 0 : P.Has(KernelSwitch.MemmapOnMemoryFallback) ? altmap.Free : altmap.Alloc;
        return (0, null);
    }

    /// <summary>
    /// mirrors create_altmaps_and_memory_blocks (v6.8+): per memory block an altmap with free =
    /// memory_block_memmap_on_memory_pages(), arch_add_memory of that block, its memory block device; on a failure
    /// the blocks added so far are removed with their altmaps (remove_memory_blocks_and_altmaps). When the block
    /// device fails, the block just added is removed with a NULL altmap until the fix (PerBlockErrorKeepsAltmap).
    /// </summary>
    private (int Errno, string? Function) CreateAltmapsAndMemoryBlocks(SystemRamState res)
    {
        res.MemmapOnMemory = true;
        res.VmemmapPagesPerBlock = MemoryBlockMemmapOnMemoryPages;
        ulong blockSize = G.MemoryBlockSize;
        ulong done = 0;
        for (ulong cur = res.Start; cur < res.End; cur += blockSize, done++)
        {
            var altmap = new VmemAltmap(PfnOf(cur), PfnOf(cur + blockSize - 1), 0, MemoryBlockMemmapOnMemoryPages);
            (int rc, string? function) = ArchAddMemory(res.Nid, cur, blockSize, altmap);
            if (rc < 0)
            {
                if (done != 0)
                {
                    RemoveMemoryBlocksAndAltmaps(res, 0, done);
                }

                return (rc, function);
            }

            rc = CreateMemoryBlockDevices(res, 1, altmap);
            if (rc != 0)
            {
                // arch_remove_memory(cur_start, memblock_size, NULL) from 6b8f0798b85a until the fix passes params.altmap
                ArchRemoveMemory(cur, blockSize, P.Has(KernelSwitch.PerBlockErrorKeepsAltmap) ? altmap : null);
                if (done != 0)
                {
                    RemoveMemoryBlocksAndAltmaps(res, 0, done);
                }

                return (rc, "create_memory_block_devices");
            }
        }

        return (0, null);
    }

    /// <summary>
    /// mirrors remove_memory_blocks_and_altmaps (v6.8+): per block, take its altmap, remove the block device,
    /// arch_remove_memory with that altmap, then WARN(altmap->alloc, "Altmap not fully unmapped").
    /// </summary>
    private void RemoveMemoryBlocksAndAltmaps(SystemRamState res, ulong first, ulong count)
    {
        ulong blockSize = G.MemoryBlockSize;
        for (ulong i = first; i < first + count; i++)
        {
            VmemAltmap altmap = BlockAltmap(res, i);
            ulong cur = res.Start + i * blockSize;
            ArchRemoveMemory(cur, blockSize, altmap);
            WarnAltmapNotFullyUnmapped(altmap);
        }

        res.Blocks.Truncate(first);
    }

    private void WarnAltmapNotFullyUnmapped(VmemAltmap altmap)
    {
        if (altmap.Alloc != 0)
        {
            Warnings.Warn("try_remove_memory", "altmap->alloc", PaOf(altmap.BasePfn), Actor,
                $"Altmap not fully unmapped (alloc = {(long)altmap.Alloc})");
        }
    }

    /// <summary>The vmem_altmap block i was added with, its counters as populate left them.</summary>
    public VmemAltmap BlockAltmap(SystemRamState res, ulong i)
    {
        MemoryBlockRun run = res.Blocks.At(i);
        ulong start = res.Start + i * G.MemoryBlockSize;
        ulong free = P.Has(KernelSwitch.MemmapOnMemoryFallback) || P.Has(KernelSwitch.PerBlockAltmaps)
            ? res.VmemmapPagesPerBlock
            : G.MemoryBlockSize >> G.PageShift;
        return new VmemAltmap(PfnOf(start), PfnOf(start + G.MemoryBlockSize - 1), 0, free)
        {
            Alloc = run.AltmapAlloc, Align = run.AltmapAlign,
        };
    }

    /// <summary>
    /// mirrors try_remove_memory: every block must be offline (check_memblock_offlined_cb: "memory_block: ... online;
    /// can't remove", -EBUSY); then per-block removal when the blocks have altmaps (v6.8+), else
    /// remove_memory_block_devices and one arch_remove_memory (with the single block's altmap before v6.8).
    /// </summary>
    public (int Errno, string? Function) TryRemoveMemory(SystemRamState res)
    {
        foreach (MemoryBlockRun run in res.Blocks.Runs)
        {
            if (run.Zone != MemoryZone.None)
            {
                return (Errno.EBUSY, "check_memblock_offlined_cb");
            }
        }

        if (res.MemmapOnMemory && P.Has(KernelSwitch.PerBlockAltmaps))
        {
            RemoveMemoryBlocksAndAltmaps(res, 0, res.Blocks.Count);
        }
        else
        {
            VmemAltmap? altmap = res.MemmapOnMemory ? BlockAltmap(res, 0) : null;
            if (altmap is not null && !P.Has(KernelSwitch.MemmapOnMemoryFallback))
            {
                altmap.Alloc = res.VmemmapPagesPerBlock; // v5.13-v6.5: mhp_altmap.alloc = nr_vmemmap_pages
            }

            res.Blocks.Truncate(0);
            ArchRemoveMemory(res.Start, res.Size, altmap);
            if (altmap is not null)
            {
                WarnAltmapNotFullyUnmapped(altmap);
            }
        }

        SystemRam.Remove(res); // release_mem_region_adjustable
        return (0, null);
    }
}
