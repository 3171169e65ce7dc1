using System.Runtime.CompilerServices;
using VmemmapPS.Core.Arch.Arm64;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Sim;
using VmemmapPS.Core.Units;

namespace VmemmapPS.Core.Mm;

/// <summary>Generic vmemmap population helpers (mm/sparse-vmemmap.c).</summary>
internal abstract partial class GenericMm : KernelPageTables
{
    private const string AllocBlockZero = "vmemmap_alloc_block_zero";

    /// <summary>Boot-time sparse buffer (sparse_buffer_init/alloc/fini, mm/sparse.c): [Next, End) of the current node.</summary>
    private ulong _sparseBufNext;
    private ulong _sparseBufEnd;

    /// <summary>
    /// mirrors vmemmap_pgd_populate, vmemmap_p4d_populate, vmemmap_pud_populate and vmemmap_pmd_populate (mm/sparse-vmemmap.c,
    /// v5.8+) down to targetLevel for addr: missing tables come from vmemmap_alloc_block_zero on the node. Returns null on -ENOMEM; blockHit when a leaf sits above the target.
    /// </summary>
    [MethodImpl(HotPath.Options)]
    public TablePage? VmemmapPopulateTables(ulong addr, int targetLevel, int node, out bool blockHit)
    {
        blockHit = false;
        TablePage t = Pgd;
        while (t.Level < targetLevel)
        {
            int i = G.IndexOf(addr, t.Level);
            ulong d = t.Get(i);
            if (d == 0)
            {
                TablePage? created = AllocTable(t, i, PageTableRegion.Vmemmap, node, AllocBlockZero);
                if (created is null)
                {
                    WarnVmemmapAllocFailure(0);
                    return null;
                }

                t = created;
                continue;
            }

            TablePage? child = ChildTable(d);
            if (child is null)
            {
                blockHit = true;
                return null;
            }

            t = child;
        }

        return t;
    }

    private void WarnVmemmapAllocFailure(int order) =>
        Warnings.WarnOnce("vmemmap_alloc_block", "!page", 0, Actor, $"vmemmap alloc failure: order:{order}");

    /// <summary>
    /// mirrors vmemmap_alloc_block_buf (v5.9+: altmap -> altmap_alloc_block_buf without fallback; else
    /// sparse_buffer_alloc during boot, then vmemmap_alloc_block). Returns the PA or null.
    /// </summary>
    [MethodImpl(Sim.HotPath.Options)]
    public ulong? VmemmapAllocBlockBuf(ulong size, int node, VmemAltmap? altmap)
    {
        if (altmap is not null)
        {
            return AltmapAllocBlockBuf(size, altmap);
        }

        if (Booting && SparseBufferAlloc(size) is ulong buffered)
        {
            return buffered;
        }

        return VmemmapAllocBlock(size, node);
    }

    // mirrors vmemmap_alloc_block (mm/sparse-vmemmap.c): buddy after boot (GFP_KERNEL|__GFP_RETRY_MAYFAIL|__GFP_NOWARN), memblock before.
    private ulong? VmemmapAllocBlock(ulong size, int node)
    {
        int order = GetOrder(size);
        bool ok = Booting
            ? TryMemblockAlloc(node, size, size, PagePurpose.VmemmapData, "memblock_alloc_try_nid_raw", out ulong pa)
            : TryAllocPages(node, order, PagePurpose.VmemmapData, "vmemmap_alloc_block", out pa);
        if (ok)
        {
            return pa;
        }

        NoteAllocFailure("vmemmap_alloc_block", FailureKind.VmemmapAllocationFailed);
        WarnVmemmapAllocFailure(order);
        return null;
    }

    // mirrors altmap_alloc_block_buf (mm/sparse-vmemmap.c, v4.16+)
    [MethodImpl(HotPath.Options)]
    private ulong? AltmapAllocBlockBuf(ulong size, VmemAltmap altmap)
    {
        if ((size & PageShiftMask) != 0)
        {
            Warnings.WarnOnce("altmap_alloc_block_buf", "size % PAGE_SIZE", 0, Actor,
                $"altmap_alloc_block_buf: size {size:x} is not a multiple of PAGE_SIZE");
            return null;
        }

        ulong nrPfns = size >> G.PageShift;
        if (!altmap.TryAllocBlock(nrPfns, out ulong pfn, out ulong nrAlign))
        {
            NoteAllocFailure("altmap_alloc_block_buf", FailureKind.AltmapTooSmall);
            Log.Add(AllocationAction.Alloc, AllocationSource.Altmap, PagePurpose.VmemmapData, "altmap_alloc_block_buf", 0,
                nrPfns, GetOrder(size), Actor, EarlyPfnToNid(altmap.BasePfn), failed: true);
            return null;
        }

        int nid = EarlyPfnToNid(pfn);
        if (nrAlign != 0)
        {
            Log.Add(AllocationAction.Alloc, AllocationSource.Altmap, PagePurpose.AltmapPadding, "altmap_alloc_block_buf",
                PaOf(pfn - nrAlign), nrAlign, 0, Actor, nid);
        }

        Log.Add(AllocationAction.Alloc, AllocationSource.Altmap, PagePurpose.VmemmapData, "altmap_alloc_block_buf", PaOf(pfn),
            nrPfns, GetOrder(size), Actor, nid);
        return PaOf(pfn);
    }

    /// <summary>mirrors section_map_size (mm/sparse.c, SPARSEMEM_VMEMMAP): a section's memmap rounded up to PMD_SIZE.</summary>
    public ulong SectionMapSize => KernelAlign.Up(G.SectionMemmapSize, G.PmdSize);

    /// <summary>mirrors sparse_buffer_init (mm/sparse.c): one memblock buffer for a node's early memmap.</summary>
    public void SparseBufferInit(ulong size, int nid)
    {
        ulong align = SectionMapSize;
        if (TryMemblockAlloc(nid, size, align, PagePurpose.VmemmapData, "sparse_buffer_init", out ulong pa))
        {
            _sparseBufNext = pa;
            _sparseBufEnd = pa + size;
        }
    }

    // mirrors sparse_buffer_alloc (mm/sparse.c): bump with natural alignment, the skipped gap is freed.
    private ulong? SparseBufferAlloc(ulong size)
    {
        if (_sparseBufEnd == 0)
        {
            return null;
        }

        ulong ptr = KernelAlign.Up(_sparseBufNext, size);
        if (ptr + size > _sparseBufEnd)
        {
            return null;
        }

        if (ptr != _sparseBufNext)
        {
            ReleasePages(_sparseBufNext, (ptr - _sparseBufNext) >> G.PageShift, "sparse_buffer_free");
        }

        _sparseBufNext = ptr + size;
        return ptr;
    }

    // mirrors sparse_buffer_fini (mm/sparse.c): the unused tail goes back to memblock.
    public void SparseBufferFini()
    {
        if (_sparseBufEnd != 0 && _sparseBufNext < _sparseBufEnd)
        {
            ReleasePages(_sparseBufNext, (_sparseBufEnd - _sparseBufNext) >> G.PageShift, "sparse_buffer_fini");
        }

        _sparseBufNext = _sparseBufEnd = 0;
    }

    /// <summary>
    /// mirrors vmemmap_verify (mm/sparse-vmemmap.c): pr_warn_once "[start-end] potential offnode page_structs" when
    /// the backing pfn's early_pfn_to_nid is not LOCAL_DISTANCE from node.
    /// </summary>
    [MethodImpl(Sim.HotPath.Options)]
    public void VmemmapVerify(ulong desc, int node, ulong start, ulong end)
    {
        int actual = EarlyPfnToNid(PfnOf(PgtableDesc.Pa(desc)));
        if (NodeDistance(actual, node) > LocalDistance)
        {
            Warnings.WarnOnce("vmemmap_verify", "node_distance(actual_node, node) > LOCAL_DISTANCE", start, Actor,
                $"[{start:x}-{end - 1:x}] potential offnode page_structs");
        }
    }

    /// <summary>
    /// mirrors vmemmap_populate_basepages (v5.9-v5.16) / vmemmap_populate_range (v5.17+, no reuse):
    /// for (addr = start; addr &lt; end; addr += PAGE_SIZE) populate the PTE, allocating the data page if none.
    /// The PTEs one PTE table holds are taken as runs: a run of none entries gets a run of data pages (as many
    /// single allocations would hand out, see <see cref="VmemmapAllocPageRun"/>), a run of present ones one
    /// vmemmap_verify per backing node.
    /// </summary>
    [MethodImpl(HotPath.Options)]
    public int VmemmapPopulateBasepages(ulong start, ulong end, int node, VmemAltmap? altmap)
    {
        TablePage? pte = null;
        ulong tableEnd = 0;
        for (ulong addr = start; addr < end;)
        {
            if (pte is null || addr >= tableEnd)
            {
                pte = VmemmapPopulateTables(addr, 3, node, out bool blockHit);
                if (pte is null)
                {
                    if (blockHit)
                    {
                        // The kernel would treat the block as a PTE table (pte_offset_kernel on a section entry).
                        Warnings.Warn("vmemmap_pmd_populate", "pmd_leaf(*pmd)", addr, Actor,
                            $"simulator: {addr:x} is covered by a block mapping; the kernel would walk it as a PTE table. Skipped.");
                        addr = EntryEnd(addr, 2, end);
                        continue;
                    }

                    return Errno.ENOMEM;
                }

                tableEnd = EntryEnd(addr, 2, ulong.MaxValue);
            }

            // the loop's remaining steps inside this PTE table: addr, addr + PAGE_SIZE, ... below min(end, tableEnd)
            ulong stop = end < tableEnd ? end : tableEnd;
            int i = G.IndexOf(addr, 3);
            int steps = (int)((stop - addr + G.PageSize - 1) >> G.PageShift);
            ulong d = pte.Get(i);
            ulong done;
            if (d == 0)
            {
                // mirrors vmemmap_pte_populate for each none PTE of the run
                int none = System.Math.Min(steps, pte.NextUsed(i) - i);
                done = VmemmapAllocPageRun((ulong)none, node, altmap, out ulong pa);
                if (done == 0)
                {
                    return Errno.ENOMEM;
                }

                d = PgtableDesc.Make(DescKind.Page, pa);
                pte.FillRun(i, (int)done, d);
            }
            else
            {
                done = (ulong)System.Math.Max(1, System.Math.Min(steps, pte.RunLengthFrom(i)));
            }

            VmemmapVerifyRun(PgtableDesc.Pa(d), done, node, addr);
            addr += done << G.PageShift;
        }

        return 0;
    }

    /// <summary>
    /// n vmemmap_alloc_block_buf(PAGE_SIZE) calls in a row as one physically contiguous run: altmap pages are a
    /// bump pointer with no padding at order 0, boot pages come from the sparse buffer, buddy pages from the
    /// lowest free interval. Returns how many were allocated; fewer than n when the next one would come from
    /// elsewhere, and a single call (with its exact failure) when the run cannot start.
    /// </summary>
    [MethodImpl(HotPath.Options)]
    private ulong VmemmapAllocPageRun(ulong n, int node, VmemAltmap? altmap, out ulong pa)
    {
        pa = 0;
        ulong got = 0;
        if (altmap is not null)
        {
            got = System.Math.Min(n, altmap.NrFree);
            if (got > 0)
            {
                altmap.TryAllocRun(got, out ulong pfn);
                pa = PaOf(pfn);
                Log.Add(AllocationAction.Alloc, AllocationSource.Altmap, PagePurpose.VmemmapData, "altmap_alloc_block_buf", pa,
                    got, 0, Actor, EarlyPfnToNid(pfn), count: (long)got);
            }
        }
        else if (Booting)
        {
            got = _sparseBufEnd == 0 || _sparseBufNext < _sparseBufEnd && (_sparseBufNext & PageShiftMask) != 0
                ? 0
                : System.Math.Min(n, (_sparseBufEnd - _sparseBufNext) >> G.PageShift);
            if (got > 0)
            {
                pa = _sparseBufNext;
                _sparseBufNext += got << G.PageShift;
            }
        }
        else
        {
            got = TryAllocPagesRun(node, n, PagePurpose.VmemmapData, "vmemmap_alloc_block", out pa);
        }

        if (got > 0)
        {
            return got;
        }

        ulong? single = VmemmapAllocBlockBuf(G.PageSize, node, altmap);
        pa = single ?? 0;
        return single is null ? 0UL : 1UL;
    }

    /// <summary>vmemmap_verify for `pages` consecutive PTEs from va backed by consecutive pages from pa.</summary>
    [MethodImpl(HotPath.Options)]
    private void VmemmapVerifyRun(ulong pa, ulong pages, int node, ulong va)
    {
        ulong pfn = PfnOf(pa);
        while (pages > 0)
        {
            int actual = EarlyPfnToNidRun(pfn, pages, out ulong same);
            if (NodeDistance(actual, node) > LocalDistance)
            {
                VmemmapVerify(PgtableDesc.Make(DescKind.Page, PaOf(pfn)), node, va, va + G.PageSize);
                return;
            }

            pfn += same;
            va += same << G.PageShift;
            pages -= same;
        }
    }

    /// <summary>
    /// mirrors vmemmap_populate_hugepages (mm/sparse-vmemmap.c, generic since v6.1, used by arm64 ~v6.4+):
    /// PMD blocks; an altmap failure is -ENOMEM (no fallback); otherwise fall back to basepages. vmemmap_check_pmd
    /// returns 1 (v6.4-v6.13) or pmd_sect (newest).
    /// </summary>
    [MethodImpl(HotPath.Options)]
    public int VmemmapPopulateHugepages(ulong start, ulong end, int node, VmemAltmap? altmap)
    {
        var pmdCache = new PmdTableCache();
        for (ulong addr = start; addr < end;)
        {
            ulong skipped = PopulateWholePmdTables(addr, end, node, altmap);
            if (skipped != addr)
            {
                addr = skipped;
                continue;
            }

            ulong next = EntryEnd(addr, 2, end);
            TablePage? pmd = pmdCache.Get(this, addr, node);
            if (pmd is null)
            {
                return Errno.ENOMEM;
            }

            int i = G.IndexOf(addr, 2);
            ulong d = pmd.Get(i);
            bool populated = false;
            if (d == 0)
            {
                ulong? p = VmemmapAllocBlockBuf(G.PmdSize, node, altmap);
                if (p is not null)
                {
                    pmd.Set(i, PgtableDesc.Make(DescKind.Block, p.Value)); // vmemmap_set_pmd -> pmd_set_huge
                    next += AltmapPmdRun(pmd, i, addr, end, altmap) * G.PmdSize;
                    populated = true;
                }
                else if (altmap is not null)
                {
                    return Errno.ENOMEM;
                }
            }
            else if (VmemmapCheckPmd(d, node, addr, next))
            {
                populated = true;
            }

            if (!populated && VmemmapPopulateBasepages(addr, next, node, altmap) != 0)
            {
                return Errno.ENOMEM;
            }

            addr = next;
        }

        return 0;
    }

    /// <summary>
    /// After the altmap block of PMD entry i: the none entries that follow in this table and inside [addr, end)
    /// get the next altmap blocks as one run (each later request is already aligned, so the bump pointer hands
    /// them out back to back without padding). Returns how many; the loop goes on per entry after them, so the
    /// one that no longer fits fails exactly as alone.
    /// </summary>
    [MethodImpl(HotPath.Options)]
    protected ulong AltmapPmdRun(TablePage pmd, int i, ulong addr, ulong end, VmemAltmap? altmap)
    {
        ulong blockPages = G.PmdSize >> G.PageShift;
        if (altmap is null || (addr & (G.PmdSize - 1)) != 0)
        {
            return 0;
        }

        ulong whole = (end - addr) / G.PmdSize;
        ulong free = (ulong)(pmd.NextUsed(i + 1) - (i + 1));
        ulong n = System.Math.Min(System.Math.Min(whole == 0 ? 0 : whole - 1, free), altmap.NrFree / blockPages);
        if (n == 0)
        {
            return 0;
        }

        altmap.TryAllocRun(n * blockPages, out ulong pfn);
        Log.Add(AllocationAction.Alloc, AllocationSource.Altmap, PagePurpose.VmemmapData, "altmap_alloc_block_buf", PaOf(pfn),
            n * blockPages, GetOrder(G.PmdSize), Actor, EarlyPfnToNid(pfn), count: (long)n);
        pmd.FillRun(i + 1, (int)n, PgtableDesc.Make(DescKind.Block, PaOf(pfn)));
        return n;
    }

    /// <summary>
    /// not in sparse-vmemmap.c: the PMD loop over whole PUD entries in bulk. From a PUD boundary whose PUD table
    /// exists, each none PUD entry that [addr, end) covers completely would get a PMD table from
    /// vmemmap_alloc_block_zero and then PTRS_PER_PMD PMD blocks from the altmap, back to back and unpadded
    /// once the altmap's next pfn is block-aligned; those tables are made as one run (a TableSpan of PMD tables),
    /// with the same pages, owners and entries. Returns the address after them, or addr when nothing was done
    /// (then the loop goes on entry by entry and fails, pads or falls back exactly as alone).
    /// </summary>
    [MethodImpl(HotPath.Options)]
    protected ulong PopulateWholePmdTables(ulong addr, ulong end, int node, VmemAltmap? altmap)
    {
        ulong pudSpan = G.EntrySpan(1);
        ulong blockPages = G.PmdSize >> G.PageShift;
        ulong tablePages = pudSpan >> G.PageShift;
        if (altmap is null || Booting || (addr & (pudSpan - 1)) != 0 || end - addr < pudSpan || altmap.NextPfn % blockPages != 0)
        {
            return addr;
        }

        TablePage? pud = ExistingTable(addr, 1);
        if (pud is null)
        {
            return addr;
        }

        int i = G.IndexOf(addr, 1);
        ulong none = (ulong)(pud.NextUsed(i) - i);
        ulong n = System.Math.Min(System.Math.Min(none, (end - addr) / pudSpan), altmap.NrFree / tablePages);
        if (n == 0)
        {
            return addr;
        }

        ulong leafPfn = altmap.NextPfn;
        int done = TryMapFullTables(pud, i, (int)n, PaOf(leafPfn), node, PageTableRegion.Vmemmap, AllocBlockZero);
        if (done == 0)
        {
            return addr;
        }

        ulong blocks = (ulong)done * (tablePages / blockPages);
        altmap.TryAllocRun(blocks * blockPages, out _);
        Log.Add(AllocationAction.Alloc, AllocationSource.Altmap, PagePurpose.VmemmapData, "altmap_alloc_block_buf", PaOf(leafPfn),
            blocks * blockPages, GetOrder(G.PmdSize), Actor, EarlyPfnToNid(leafPfn), count: (long)blocks);
        return addr + (ulong)done * pudSpan;
    }

    /// <summary>The table of the given level on the walk to addr, or null when a table on the way is missing (nothing is allocated).</summary>
    private TablePage? ExistingTable(ulong addr, int level)
    {
        TablePage t = Pgd;
        while (t.Level < level)
        {
            if (ChildTable(t.Get(G.IndexOf(addr, t.Level))) is not TablePage child)
            {
                return null;
            }

            t = child;
        }

        return t;
    }

    /// <summary>
    /// The PMD table of the previous step while addr stays inside it: the same table the pgd/p4d/pud populate
    /// walk would return, without repeating the walk for every PMD_SIZE step.
    /// </summary>
    protected struct PmdTableCache
    {
        private TablePage? _table;

        [MethodImpl(Sim.HotPath.Options)]
        public TablePage? Get(GenericMm k, ulong addr, int node)
        {
            if (_table is not null && addr - _table.VaBase < (ulong)_table.EntryCount * k.G.EntrySpan(2))
            {
                return _table;
            }

            _table = k.VmemmapPopulateTables(addr, 2, node, out _);
            return _table;
        }
    }
}
