using System.Collections.Generic;
using VmemmapPS.Core.Arch.Arm64;
using VmemmapPS.Core.Mm;

namespace VmemmapPS.Core.Sim;

/// <summary>The vmemmap's leaf mappings as runs with backing, owner and the pfns whose struct pages they hold.</summary>
internal static class MappingReport
{
    public static List<VmemmapMapping> Build(Kernel k, string? device, ulong? startVa, ulong? endVa)
    {
        ulong lo = startVa ?? k.G.VmemmapStart;
        ulong hi = endVa ?? 0; // 0 = top of the address space (exclusive end wraps)
        var result = new List<VmemmapMapping>();
        foreach (LeafRun run in k.LeafRuns(lo, hi))
        {
            if (run.Reused)
            {
                AddReused(k, device, run, result);
                continue;
            }

            // split a run where backing or owner changes
            ulong offset = 0;
            while (offset < run.Size)
            {
                ulong pa = run.Pa + offset;
                (AllocationSource backing, string? owner, ulong extent) = Describe(k, pa, run.Size - offset);
                ulong entrySpan = k.G.EntrySpan(run.Level);
                extent = (extent + entrySpan - 1) / entrySpan * entrySpan;
                if (extent > run.Size - offset)
                {
                    extent = run.Size - offset;
                }

                ulong va = run.Va + offset;
                if (device is null || SimNames.Same(owner, device))
                {
                    result.Add(new VmemmapMapping
                    {
                        VirtualAddress = va,
                        Size = extent,
                        Level = run.Level,
                        LevelName = PageTableLevelNames.Of(run.Level),
                        Entries = extent / entrySpan,
                        PhysAddr = pa,
                        Backing = backing,
                        Device = owner,
                        FirstPfn = k.PageToPfn(va),
                        PfnCount = extent / k.G.StructPageSize,
                    });
                }

                offset += extent;
            }
        }

        return result;
    }

    /// <summary>A run of PTEs that all map one page another PTE maps too: one row, whatever its length.</summary>
    private static void AddReused(Kernel k, string? device, LeafRun run, List<VmemmapMapping> result)
    {
        (AllocationSource backing, string? owner, _) = Describe(k, run.Pa, k.G.PageSize);
        if (device is not null && !SimNames.Same(owner, device))
        {
            return;
        }

        result.Add(new VmemmapMapping
        {
            VirtualAddress = run.Va,
            Size = run.Size,
            Level = run.Level,
            LevelName = PageTableLevelNames.Of(run.Level),
            Entries = run.Entries,
            PhysAddr = run.Pa,
            Backing = backing,
            Device = owner,
            FirstPfn = k.PageToPfn(run.Va),
            PfnCount = run.Size / k.G.StructPageSize,
            ReusedPage = true,
        });
    }

    /// <summary>Who backs pa: RAM (owner device from page_owner) or a device's own pfns (altmap).</summary>
    private static (AllocationSource Backing, string? Owner, ulong Extent) Describe(Kernel k, ulong pa, ulong maxBytes)
    {
        ulong pfn = k.PfnOf(pa);
        if (k.IsRam(pfn))
        {
            if (k.Owners.TryGet(pfn, out OwnedRun r))
            {
                ulong bytes = (r.EndPfn - pfn) << k.G.PageShift;
                return (AllocationSource.SystemRam, r.Owner.Device, bytes < maxBytes ? bytes : maxBytes);
            }

            return (AllocationSource.SystemRam, null, k.G.PageSize);
        }

        return (AllocationSource.Altmap, k.DeviceNameOfPfn(pfn), maxBytes);
    }
}
