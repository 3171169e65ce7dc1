using System.Collections.Generic;

namespace VmemmapPS.Core.Sim;

/// <summary>
/// What must hold for the linear map: every page it maps is boot RAM, hot-added System RAM or the range of a
/// registered device, so nothing stays mapped of a device that is gone or never got registered. A hot-add maps its
/// range (arch_add_memory: __create_pgd_mapping) before anything else; when a page-table allocation fails halfway
/// (__pgd_pgtable_alloc), the kernel BUG()s, and the simulator instead fails the add with
/// PageTableAllocationFailed and keeps the part already mapped, which this check names. Cost: one pass over the
/// linear map's leaf runs.
/// </summary>
internal static class LinearMapInvariants
{
    public static void Check(Kernel k, List<InvariantFinding> findings)
    {
        List<(ulong Start, ulong End)> covered = Covered(k);
        foreach (LeafRun leaf in k.LeafRuns(k.G.PageOffset, k.G.PageEnd))
        {
            ulong pa = leaf.Pa, end = leaf.Pa + leaf.Size;
            foreach ((ulong s, ulong e) in covered)
            {
                if (e <= pa)
                {
                    continue;
                }

                if (s >= end)
                {
                    break;
                }

                if (s > pa)
                {
                    Report(k, findings, leaf, pa, s);
                }

                pa = System.Math.Max(pa, e);
                if (pa >= end)
                {
                    break;
                }
            }

            if (pa < end)
            {
                Report(k, findings, leaf, pa, end);
            }
        }
    }

    /// <summary>Boot RAM, hot-added System RAM and registered devices as sorted, merged physical ranges.</summary>
    private static List<(ulong Start, ulong End)> Covered(Kernel k)
    {
        var ranges = new List<(ulong Start, ulong End)>();
        foreach (NodeMemory node in k.Nodes)
        {
            foreach ((ulong s, ulong e) in node.Ranges)
            {
                ranges.Add((k.PaOf(s), k.PaOf(e)));
            }
        }

        foreach (SystemRamState ram in k.SystemRam)
        {
            ranges.Add((ram.Start, ram.End));
        }

        foreach (DeviceState d in k.Devices)
        {
            ranges.Add((d.RangeStart, d.RangeStart + d.RangeSize));
        }

        ranges.Sort((a, b) => a.Start.CompareTo(b.Start));
        var merged = new List<(ulong Start, ulong End)>();
        foreach ((ulong s, ulong e) in ranges)
        {
            if (merged.Count > 0 && s <= merged[merged.Count - 1].End)
            {
                (ulong ms, ulong me) = merged[merged.Count - 1];
                merged[merged.Count - 1] = (ms, System.Math.Max(me, e));
            }
            else
            {
                merged.Add((s, e));
            }
        }

        return merged;
    }

    private static void Report(Kernel k, List<InvariantFinding> findings, LeafRun leaf, ulong pa, ulong paEnd)
    {
        ulong va = leaf.Va + (pa - leaf.Pa);
        ulong vaLast = va + (paEnd - pa) - 1;

        // Whose operation built the mapping: the device that allocated the table holding the leaf.
        string? owner = k.WalkLeaf(va).Table?.Device;
        string why = owner is null
            ? "no RAM or registered device covers it"
            : $"'{owner}' is not registered: its failed hot-add mapped this before a page-table allocation failed " +
              "(__pgd_pgtable_alloc: the kernel BUG()s there), or its removal left it mapped";
        InvariantChecker.Add(findings, "LinearMap", pa, owner,
            $"linear map {va:x}-{vaLast:x} still maps {pa:x}-{paEnd - 1:x} ({(paEnd - pa) >> k.G.PageShift} pages): {why}");
    }
}
