using System.Collections.Generic;
using VmemmapPS.Core.Arch.Arm64;
using VmemmapPS.Core.Mm;
using VmemmapPS.Core.Units;

namespace VmemmapPS.Core.Sim;

/// <summary>The vmemmap's leaf mappings as runs with backing, owner and the pfns whose struct pages they hold.</summary>
internal static class MappingReport
{
    public static List<VmemmapMapping> Build(Kernel k, string? device, ulong? startVa, ulong? endVa) =>
        new(Enumerate(k, device, startVa, endVa));

    /// <summary>
    /// The mappings one at a time. For a registered device only the vmemmap of its own pfns is walked (rounded
    /// out to PMD blocks): vmemmap_populate ran over exactly that range when the device was added, so nothing it
    /// allocated is mapped elsewhere.
    /// </summary>
    public static IEnumerable<VmemmapMapping> Enumerate(Kernel k, string? device, ulong? startVa, ulong? endVa)
    {
        ulong lo = startVa ?? k.G.VmemmapStart;
        ulong hi = endVa ?? 0; // 0 = top of the address space (exclusive end wraps)
        if (device is not null && k.FindDevice(device) is DeviceState d && d.RangeStart >= k.MemstartAddr)
        {
            ulong block = k.G.EntrySpan(2);
            ulong first = KernelAlign.Down(k.PfnToPage(k.PfnOf(d.RangeStart)), block);
            ulong last = KernelAlign.Up(k.PfnToPage(k.PfnOf(d.RangeStart + d.RangeSize)), block);
            lo = System.Math.Max(lo, first);
            if (last > first) // else rounding up wrapped past the top of the address space: keep hi
            {
                hi = hi == 0 ? last : System.Math.Min(hi, last);
            }

            if (hi != 0 && lo >= hi)
            {
                yield break;
            }
        }

        foreach (LeafRun run in k.LeafRuns(lo, hi))
        {
            if (run.Reused)
            {
                if (Reused(k, device, run) is VmemmapMapping reused)
                {
                    yield return reused;
                }

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
                    yield return new VmemmapMapping
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
                    };
                }

                offset += extent;
            }
        }
    }

    /// <summary>A run of PTEs that all map one page another PTE maps too: one row, whatever its length.</summary>
    private static VmemmapMapping? Reused(Kernel k, string? device, LeafRun run)
    {
        (AllocationSource backing, string? owner, _) = Describe(k, run.Pa, k.G.PageSize);
        if (device is not null && !SimNames.Same(owner, device))
        {
            return null;
        }

        return new VmemmapMapping
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
        };
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
