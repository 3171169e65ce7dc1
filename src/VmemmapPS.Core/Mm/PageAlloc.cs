using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System;
using VmemmapPS.Core.Arch.Arm64;
using VmemmapPS.Core.Sim;

namespace VmemmapPS.Core.Mm;

/// <summary>Buddy allocator and memblock front ends (mm/page_alloc.c, mm/memblock.c).</summary>
internal abstract class PageAllocator : KernelState
{
    protected PageAllocator(Arm64Geometry geometry, bool rodataFull)
        : base(geometry, rodataFull)
    {
    }

    protected const int LocalDistance = 10;
    private const int RemoteDistance = 20;

    // mirrors node_distance for a flat two-tier SLIT: LOCAL_DISTANCE on the same node, REMOTE_DISTANCE otherwise.
    public static int NodeDistance(int a, int b) => a == b ? LocalDistance : RemoteDistance;

    // mirrors early_pfn_to_nid (mm/mm_init.c): memblock's node for the pfn, else first_online_node.
    public int EarlyPfnToNid(ulong pfn) => Nodes.Count == 1 ? Nodes[0].Id : NodeOfPfn(pfn)?.Id ?? Nodes[0].Id;

    /// <summary>Zonelist order for a preferred node: that node first, then the others by id.</summary>
    private System.Collections.Generic.IEnumerable<NodeMemory> FallbackOrder(int nid)
    {
        NodeMemory? preferred = Nodes.Find(n => n.Id == nid);
        if (preferred is not null)
        {
            yield return preferred;
        }

        foreach (NodeMemory n in Nodes)
        {
            if (n.Id != nid)
            {
                yield return n;
            }
        }
    }

    /// <summary>
    /// mirrors alloc_pages_node without __GFP_THISNODE: lowest-address free 2^order block on the preferred node,
    /// then on the others. Honours armed faults. Returns false on failure (and logs the failed attempt).
    /// </summary>
    [MethodImpl(Sim.HotPath.Options)]
    public bool TryAllocPages(int nid, int order, PagePurpose purpose, string function, out ulong pa)
    {
        pa = 0;
        ulong pages = 1UL << order;
        bool injected = !Booting && Faults.ShouldFail(order);
        if (!injected && order < G.MaxOrder)
        {
            foreach (NodeMemory node in FallbackOrder(nid))
            {
                ulong pfn = node.Free.FindAligned(pages, pages, highest: false);
                if (pfn == ulong.MaxValue)
                {
                    continue;
                }

                Take(node, pfn, pages, new PageOwner(purpose, Actor, function, reserved: false, node.Id));
                pa = PaOf(pfn);
                Log.Add(AllocationAction.Alloc, AllocationSource.SystemRam, purpose, function, pa, pages, order, Actor, node.Id);
                return true;
            }
        }

        Log.Add(AllocationAction.Alloc, AllocationSource.SystemRam, purpose, function, 0, pages, order, Actor, nid, failed: true);
        return false;
    }

    /// <summary>
    /// Up to n order-0 alloc_pages_node calls in a row, as one run: each would take the lowest free page of the
    /// first node in fallback order that has one, so together they take a prefix of that node's first free
    /// interval. Armed faults are counted per page (<see cref="FaultInjector.SucceedingBefore"/>). Returns the
    /// pages taken (0: the next single call decides, e.g. to fail it exactly as alone).
    /// </summary>
    [MethodImpl(Sim.HotPath.Options)]
    public ulong TryAllocPagesRun(int nid, ulong n, PagePurpose purpose, string function, out ulong pa)
    {
        pa = 0;
        NodeMemory? node = FirstNodeWithFree(nid);
        if (node is null || Booting)
        {
            return 0;
        }

        ulong pfn = node.Free.StartAt(0);
        ulong take = Faults.SucceedingBefore(0, Math.Min(n, node.Free.EndAt(0) - pfn));
        if (take == 0)
        {
            return 0;
        }

        Take(node, pfn, take, new PageOwner(purpose, Actor, function, reserved: false, node.Id));
        pa = PaOf(pfn);
        Log.Add(AllocationAction.Alloc, AllocationSource.SystemRam, purpose, function, pa, take, 0, Actor, node.Id, count: (long)take);
        return take;
    }

    private NodeMemory? FirstNodeWithFree(int nid)
    {
        NodeMemory? first = null;
        foreach (NodeMemory n in Nodes)
        {
            if (n.Free.Count == 0)
            {
                continue;
            }

            if (n.Id == nid)
            {
                return n;
            }

            first ??= n;
        }

        return first;
    }

    /// <summary>
    /// early_pfn_to_nid for a run of pfns: the node of pfn and how many pfns from it (at most n) share that
    /// lookup, i.e. up to the next boundary of a memblock range.
    /// </summary>
    public int EarlyPfnToNidRun(ulong pfn, ulong n, out ulong extent)
    {
        extent = n;
        if (Nodes.Count == 1)
        {
            return Nodes[0].Id;
        }

        ulong end = pfn + n;
        foreach (NodeMemory node in Nodes)
        {
            foreach ((ulong s, ulong e) in node.Ranges)
            {
                if (pfn >= s && pfn < e)
                {
                    extent = Math.Min(end, e) - pfn;
                    return node.Id;
                }

                if (s > pfn && s < end)
                {
                    end = s;
                }
            }
        }

        extent = end - pfn;
        return Nodes[0].Id;
    }

    /// <summary>mirrors memblock_alloc_try_nid(_raw): top-down within the node, then any node. Pages are PageReserved.</summary>
    public bool TryMemblockAlloc(int nid, ulong size, ulong align, PagePurpose purpose, string function, out ulong pa)
    {
        pa = 0;
        ulong pages = (size + PageShiftMask) >> G.PageShift;
        ulong alignPages = Math.Max(1, align >> G.PageShift);
        foreach (NodeMemory node in FallbackOrder(nid))
        {
            ulong pfn = node.Free.FindAligned(pages, alignPages, highest: true);
            if (pfn == ulong.MaxValue)
            {
                continue;
            }

            Take(node, pfn, pages, new PageOwner(purpose, Actor, function, reserved: true, node.Id));
            pa = PaOf(pfn);
            Log.Add(AllocationAction.Alloc, AllocationSource.SystemRam, purpose, function, pa, pages, 0, Actor, node.Id);
            return true;
        }

        Log.Add(AllocationAction.Alloc, AllocationSource.SystemRam, purpose, function, 0, pages, 0, Actor, nid, failed: true);
        return false;
    }

    /// <summary>
    /// n order-0 table allocations in a row, as runs of consecutive pages: buddy lowest-address-first after boot,
    /// memblock top-down before (each run handed out in ascending order). The caller checked there is room.
    /// </summary>
    public List<(ulong Pa, ulong Count)> AllocTablePagesBulk(int nid, ulong n, PagePurpose purpose, string function)
    {
        var runs = new List<(ulong, ulong)>();
        foreach (NodeMemory node in FallbackOrder(nid))
        {
            while (n > 0 && node.Free.Count > 0)
            {
                int idx = Booting ? node.Free.Count - 1 : 0;
                ulong s = node.Free.StartAt(idx), e = node.Free.EndAt(idx);
                ulong take = Math.Min(n, e - s);
                ulong pfn = Booting ? e - take : s;
                Take(node, pfn, take, new PageOwner(purpose, Actor, function, reserved: Booting, node.Id));
                Log.Add(AllocationAction.Alloc, AllocationSource.SystemRam, purpose, function, PaOf(pfn), take, 0, Actor, node.Id,
                    count: (long)take);
                runs.Add((PaOf(pfn), take));
                n -= take;
            }
        }

        return runs;
    }

    private void Take(NodeMemory node, ulong pfn, ulong pages, PageOwner owner)
    {
        node.Free.Take(pfn, pages);
        Owners.Add(pfn, pages, owner);
    }

    /// <summary>mirrors __free_pages / memblock_free: the pages go back to the node's free area.</summary>
    [MethodImpl(Sim.HotPath.Options)]
    public void ReleasePages(ulong pa, ulong pages, string function) => ReleasePages(pa, pages, pages, function);

    /// <summary>A run of pages/unit frees of unit pages each, logged as that many frees of order(unit).</summary>
    [MethodImpl(Sim.HotPath.Options)]
    public void ReleasePages(ulong pa, ulong pages, ulong unit, string function)
    {
        ulong pfn = PfnOf(pa);
        PagePurpose purpose = Owners.TryGet(pfn, out OwnedRun run) ? run.Owner.Purpose : PagePurpose.Free;
        NodeMemory node = NodeOfPfn(pfn)!;
        Owners.Remove(pfn, pages);
        node.Free.Add(pfn, pages);
        Log.Add(AllocationAction.Free, AllocationSource.SystemRam, purpose, function, pa, pages, OrderOf(unit), Actor, node.Id,
            count: (long)(pages / unit));
    }

    public static int OrderOf(ulong pages)
    {
        int o = 0;
        while ((1UL << o) < pages)
        {
            o++;
        }

        return o;
    }

    /// <summary>get_order(size).</summary>
    public int GetOrder(ulong size) => OrderOf((size + PageShiftMask) >> G.PageShift);
}
