using System.Collections.Generic;
using System.Linq;
using VmemmapPS.Core.Mm;

namespace VmemmapPS.Core.Sim;

/// <summary>
/// Checks the simulated kernel against what must hold and names what does not: unmapped struct
/// pages, pages mapped without an owner, shared pages, leaked tables and data pages, altmap imbalance, linear-map
/// pages that belong to no RAM or device, baseline.
/// </summary>
internal static class InvariantChecker
{
    public static List<InvariantFinding> Check(Kernel k)
    {
        var findings = new List<InvariantFinding>();
        List<LeafRun> vmemmapLeaves = k.LeafRuns(k.G.VmemmapStart, 0);
        CheckMemmapMapped(k, findings);
        CheckMappedPagesOwned(k, vmemmapLeaves, findings);
        CheckRamOwnership(k, findings);
        CheckTables(k, findings);
        CheckAltmaps(k, vmemmapLeaves, findings);
        CheckReuseRefs(k, vmemmapLeaves, findings);
        CheckSections(k, findings);
        SystemRamInvariants.Check(k, vmemmapLeaves, findings);
        LinearMapInvariants.Check(k, findings);
        KernelBugInvariants.Check(k, findings);
        CheckBaseline(k, findings);
        return findings;
    }

    internal static void Add(List<InvariantFinding> f, string check, ulong address, string? device, string message) =>
        f.Add(new InvariantFinding { Check = check, Address = address, Device = device, Message = message });

    /// <summary>Every pfn of every present (sub)section has its struct page mapped.</summary>
    private static void CheckMemmapMapped(Kernel k, List<InvariantFinding> findings)
    {
        var ranges = new List<(ulong Start, ulong End)>();
        int subsections = (int)k.G.SubsectionsPerSection;
        foreach ((ulong nr, ulong count, MemSection ms) in k.Sections.InOrder())
        {
            if (!ms.HasMemMap)
            {
                continue;
            }

            ulong basePfn = k.SectionNrToPfn(nr);
            if (ms.Early || ms.AllSet(0, subsections - 1))
            {
                AppendRange(ranges, basePfn, basePfn + count * k.G.PagesPerSection);
                continue;
            }

            for (int b = 0; b < subsections; b++)
            {
                if (ms.Test(b))
                {
                    ulong s = basePfn + (ulong)b * k.G.PagesPerSubsection;
                    AppendRange(ranges, s, s + k.G.PagesPerSubsection);
                }
            }
        }

        foreach ((ulong s, ulong e) in ranges)
        {
            ulong vaStart = k.PfnToPage(s), vaEnd = k.PfnToPage(e);
            ulong cursor = vaStart;
            foreach (LeafRun r in k.LeafRuns(vaStart, vaEnd))
            {
                if (r.Va > cursor)
                {
                    ReportHole(k, findings, cursor, r.Va);
                }

                if (r.Va + r.Size > cursor)
                {
                    cursor = r.Va + r.Size;
                }
            }

            if (cursor < vaEnd)
            {
                ReportHole(k, findings, cursor, vaEnd);
            }
        }
    }

    private static void AppendRange(List<(ulong Start, ulong End)> ranges, ulong s, ulong e)
    {
        if (ranges.Count > 0 && ranges[ranges.Count - 1].End == s)
        {
            ranges[ranges.Count - 1] = (ranges[ranges.Count - 1].Start, e);
        }
        else
        {
            ranges.Add((s, e));
        }
    }

    private static void ReportHole(Kernel k, List<InvariantFinding> findings, ulong va, ulong vaEnd)
    {
        ulong pfn = k.PageToPfn(va), pfnEnd = k.PageToPfn(vaEnd - 1) + 1;
        string? owner = k.DeviceNameOfPfn(pfn) ?? k.Sections.Peek(k.PfnToSectionNr(pfn))?.Owner;
        Add(findings, "MemmapMapped", va, owner,
            $"struct pages of present pfns {pfn:x}-{pfnEnd - 1:x}{(owner is null ? string.Empty : " (device " + owner + ")")} are not mapped: vmemmap {va:x}-{vaEnd - 1:x} has no leaf entry");
    }

    /// <summary>Every mapped vmemmap page belongs to exactly one allocation.</summary>
    private static void CheckMappedPagesOwned(Kernel k, List<LeafRun> leaves, List<InvariantFinding> findings)
    {
        // reused PTEs map a page another PTE maps on purpose; CheckReuseRefs accounts for them
        var byPa = leaves.Where(l => !l.Reused).Select(l => (l.Pa, End: l.Pa + l.Size, l.Va)).OrderBy(x => x.Pa).ToList();
        for (int i = 1; i < byPa.Count; i++)
        {
            if (byPa[i].Pa < byPa[i - 1].End)
            {
                Add(findings, "SingleOwner", byPa[i].Va, null,
                    $"physical page {byPa[i].Pa:x} backs two vmemmap mappings ({byPa[i - 1].Va:x} and {byPa[i].Va:x})");
            }
        }

        foreach ((ulong pa, ulong end, ulong va) in byPa)
        {
            ulong pfn = k.PfnOf(pa), endPfn = k.PfnOf(end);
            while (pfn < endPfn)
            {
                if (!k.IsRam(pfn))
                {
                    if (SystemRamInvariants.IsMemmapOnMemoryPfn(k, pfn))
                    {
                        break; // the block's own memmap pages, checked by SystemRamInvariants
                    }

                    DeviceState? dev = k.DeviceOfPfn(pfn);
                    VmemAltmap? a = dev?.Altmap;
                    if (a is null || pfn < a.BasePfn + a.Reserve || pfn >= a.BasePfn + a.Offset)
                    {
                        Add(findings, "SingleOwner", va, k.DeviceNameOfPfn(pfn),
                            $"vmemmap page at {va:x} maps device pfn {pfn:x}, which is not inside a registered device's altmap area");
                    }

                    break;
                }

                if (!k.Owners.TryGet(pfn, out OwnedRun run) || run.Owner.Purpose != PagePurpose.VmemmapData)
                {
                    string state = k.Owners.TryGet(pfn, out run) ? "owned as " + run.Owner.Purpose : "on the free lists";
                    Add(findings, "SingleOwner", va, run.Owner.Device,
                        $"vmemmap at {va:x} maps RAM page {k.PaOf(pfn):x}, which is {state} (use after free)");
                    break;
                }

                pfn = run.EndPfn;
            }
        }

        // owned memmap pages nobody maps any more are leaked
        var mapped = byPa.Where(x => k.IsRam(k.PfnOf(x.Pa))).Select(x => (k.PfnOf(x.Pa), k.PfnOf(x.End))).ToList();
        int m = 0;
        foreach (OwnedRun r in k.Owners.Runs)
        {
            if (r.Owner.Purpose != PagePurpose.VmemmapData)
            {
                continue;
            }

            ulong cursor = r.StartPfn;
            while (m < mapped.Count && mapped[m].Item2 <= cursor)
            {
                m++;
            }

            ulong leaked = 0;
            for (int j = m; j < mapped.Count && mapped[j].Item1 < r.EndPfn && cursor < r.EndPfn; j++)
            {
                if (mapped[j].Item1 > cursor)
                {
                    leaked += mapped[j].Item1 - cursor;
                }

                cursor = System.Math.Max(cursor, mapped[j].Item2);
            }

            if (cursor < r.EndPfn)
            {
                leaked += r.EndPfn - cursor;
            }

            if (leaked != 0)
            {
                Add(findings, "Leak", k.PaOf(r.StartPfn), r.Owner.Device,
                    $"{leaked} VmemmapData page(s) in {k.PaOf(r.StartPfn):x}-{k.PaOf(r.EndPfn) - 1:x} allocated by {r.Owner.Function} for {r.Owner.Device ?? "boot"} are mapped by no vmemmap entry (leaked)");
            }
        }
    }

    /// <summary>No system page has two owners: allocated runs never overlap the free lists; the sums add up.</summary>
    private static void CheckRamOwnership(Kernel k, List<InvariantFinding> findings)
    {
        ulong owned = 0;
        foreach (OwnedRun r in k.Owners.Runs)
        {
            owned += r.Count;
            NodeMemory? node = k.NodeOfPfn(r.StartPfn);
            if (node is null || node.Free.Overlaps(r.StartPfn, r.Count))
            {
                Add(findings, "SingleOwner", k.PaOf(r.StartPfn), r.Owner.Device,
                    $"pages {k.PaOf(r.StartPfn):x}-{k.PaOf(r.EndPfn) - 1:x} ({r.Owner.Purpose}) are also on a free list or not RAM");
            }
        }

        if (owned + k.FreePages != k.TotalPages)
        {
            Add(findings, "Accounting", 0, null,
                $"owned {owned} + free {k.FreePages} pages != total {k.TotalPages} pages of RAM");
        }
    }

    /// <summary>Every table page is an owned table allocation and every owned table allocation is a live table.</summary>
    private static void CheckTables(Kernel k, List<InvariantFinding> findings)
    {
        ulong ownedTables = 0;
        foreach (OwnedRun r in k.Owners.Runs)
        {
            if (r.Owner.Purpose == PagePurpose.VmemmapTable || r.Owner.Purpose == PagePurpose.LinearMapTable)
            {
                ownedTables += r.Count;
            }
        }

        // only the (normally no) tables at fault are sorted into address order, not every table
        List<TablePage>? unowned = null;
        foreach (TablePage t in k.Tables.Values)
        {
            if (!k.Owners.TryGet(k.PfnOf(t.Pa), out OwnedRun r) ||
                (r.Owner.Purpose != PagePurpose.VmemmapTable && r.Owner.Purpose != PagePurpose.LinearMapTable))
            {
                (unowned ??= new List<TablePage>()).Add(t);
            }
        }

        foreach (TablePage t in unowned?.OrderBy(t => t.Pa) ?? Enumerable.Empty<TablePage>())
        {
            Add(findings, "Accounting", t.Pa, t.Device, $"table page {t.Pa:x} (level {t.Level}) is not owned as a page-table page");
        }

        foreach (TableSpan span in k.LiveSpans)
        {
            CheckSpanPageOwned(k, span, span.Pa0, findings);
            CheckSpanPageOwned(k, span, span.Pa0 + (span.Count - 1) * k.G.PageSize, findings);
        }

        if (ownedTables == (ulong)k.Tables.Count + k.SpanPages)
        {
            return;
        }

        // the pages of each owned run that are tables: registered ones by binary search, span pages by overlap
        var tablePfns = new List<ulong>(k.Tables.Count);
        foreach (ulong pa in k.Tables.Keys)
        {
            tablePfns.Add(k.PfnOf(pa));
        }

        tablePfns.Sort();
        int firstSpan = 0; // owner runs and spans are both in address order: spans ending before a run never matter again
        foreach (OwnedRun r in k.Owners.Runs)
        {
            if (r.Owner.Purpose != PagePurpose.VmemmapTable && r.Owner.Purpose != PagePurpose.LinearMapTable)
            {
                continue;
            }

            ulong lost = r.EndPfn - r.StartPfn - (ulong)(LowerBound(tablePfns, r.EndPfn) - LowerBound(tablePfns, r.StartPfn));
            while (firstSpan < k.Spans.Count && k.PfnOf(k.Spans[firstSpan].Pa0) + k.Spans[firstSpan].Count <= r.StartPfn)
            {
                firstSpan++;
            }

            for (int j = firstSpan; j < k.Spans.Count && k.PfnOf(k.Spans[j].Pa0) < r.EndPfn; j++)
            {
                ulong s = k.PfnOf(k.Spans[j].Pa0), e = s + k.Spans[j].Count;
                if (e > r.StartPfn)
                {
                    lost -= System.Math.Min(e, r.EndPfn) - System.Math.Max(s, r.StartPfn);
                }
            }

            if (lost != 0)
            {
                Add(findings, "Leak", k.PaOf(r.StartPfn), r.Owner.Device,
                    $"{lost} {r.Owner.Purpose} page(s) allocated by {r.Owner.Function} for {r.Owner.Device ?? "boot"} are no longer part of the page tables (leaked)");
            }
        }
    }

    /// <summary>Index of the first element of sorted (distinct values) not below value.</summary>
    private static int LowerBound(List<ulong> sorted, ulong value)
    {
        int at = sorted.BinarySearch(value);
        return at >= 0 ? at : ~at;
    }

    private static void CheckSpanPageOwned(Kernel k, TableSpan span, ulong pa, List<InvariantFinding> findings)
    {
        PagePurpose purpose = span.Region == PageTableRegion.Vmemmap ? PagePurpose.VmemmapTable : PagePurpose.LinearMapTable;
        if (!k.Owners.TryGet(k.PfnOf(pa), out OwnedRun r) || r.Owner.Purpose != purpose)
        {
            Add(findings, "Accounting", pa, span.Device, $"table page {pa:x} ({k.G.LevelName(span.Level)}) is not owned as a page-table page");
        }
    }

    /// <summary>altmap->alloc equals the device pfns its vmemmap maps.</summary>
    private static void CheckAltmaps(Kernel k, List<LeafRun> leaves, List<InvariantFinding> findings)
    {
        if (!k.P.HonoursAltmap)
        {
            return;
        }

        // a leaf run counts for the device its first page lies in
        var mapped = new Dictionary<DeviceState, ulong>();
        foreach (LeafRun l in leaves)
        {
            if (k.Devices.AtAddress(l.Pa) is DeviceState dev && dev.Altmap is not null)
            {
                mapped.TryGetValue(dev, out ulong pages);
                mapped[dev] = pages + (l.Size >> k.G.PageShift);
            }
        }

        foreach (DeviceState d in k.Devices)
        {
            if (d.Altmap is not VmemAltmap a || d.Mode == DeviceMode.SystemRam || d.Mode == DeviceMode.Disabled)
            {
                continue;
            }

            mapped.TryGetValue(d, out ulong mappedPages);
            if (mappedPages != a.Alloc)
            {
                Add(findings, "AltmapBalance", k.PaOf(a.BasePfn), d.Name,
                    $"altmap alloc = {(long)a.Alloc} pfns but {mappedPages} of the device's pfns are mapped in the vmemmap");
            }
        }
    }

    /// <summary>Every reused vmemmap page holds exactly one reference per PTE beyond the one it was allocated for.</summary>
    private static void CheckReuseRefs(Kernel k, List<LeafRun> leaves, List<InvariantFinding> findings)
    {
        var mapped = new Dictionary<ulong, ulong>();
        foreach (LeafRun l in leaves)
        {
            if (l.Reused)
            {
                ulong pfn = k.PfnOf(l.Pa);
                mapped.TryGetValue(pfn, out ulong n);
                mapped[pfn] = n + l.Entries;
            }
        }

        foreach (KeyValuePair<ulong, ulong> kv in mapped.Concat(k.VmemmapReuseRefs.Where(r => !mapped.ContainsKey(r.Key))))
        {
            k.VmemmapReuseRefs.TryGetValue(kv.Key, out ulong refs);
            mapped.TryGetValue(kv.Key, out ulong ptes);
            if (refs != ptes)
            {
                Add(findings, "ReusedPageRefs", k.PaOf(kv.Key), k.DeviceNameOfPfn(kv.Key),
                    $"vmemmap page {k.PaOf(kv.Key):x} holds {refs} reference(s) from get_page but {ptes} further PTE(s) map it");
            }
        }
    }

    /// <summary>Hot-added sections belong to a registered device.</summary>
    private static void CheckSections(Kernel k, List<InvariantFinding> findings)
    {
        foreach ((ulong nr, ulong count, MemSection ms) in k.Sections.InOrder())
        {
            ulong basePfn = k.SectionNrToPfn(nr);
            if (ms.Early || ms.MapEmpty || k.Devices.Covers(k.PaOf(basePfn), k.PaOf(basePfn + count * k.G.PagesPerSection)))
            {
                continue; // one registered device holds every sub-section of them
            }

            for (ulong i = 0; i < count; i++)
            {
                CheckSection(k, nr + i, ms, findings);
            }
        }
    }

    private static void CheckSection(Kernel k, ulong nr, MemSection ms, List<InvariantFinding> findings)
    {
        ulong basePfn = k.SectionNrToPfn(nr);
        if (k.Devices.Covers(k.PaOf(basePfn), k.PaOf(basePfn + k.G.PagesPerSection)))
        {
            return;
        }

        // one lookup per device or System RAM range met, not per sub-section: skip to the first sub-section whose
        // start lies past the range that holds the one just checked
        int subsections = (int)k.G.SubsectionsPerSection;
        ulong perSubsection = k.G.PagesPerSubsection;
        for (int b = 0; b < subsections; b++)
        {
            if (!ms.Test(b))
            {
                continue;
            }

            ulong pfn = basePfn + (ulong)b * perSubsection;
            ulong holderEnd = HolderEndPfn(k, pfn);
            if (holderEnd == 0)
            {
                Add(findings, "Leak", k.PaOf(pfn), ms.Owner,
                    $"section {nr} still has sub-section {b} (pfn {pfn:x}) active from {ms.Owner ?? "an unknown caller"}, but no registered device covers it (__add_pages does not roll back earlier chunks)");
                return;
            }

            ulong nextB = (holderEnd - basePfn + perSubsection - 1) / perSubsection;
            b = (int)System.Math.Min((ulong)subsections, nextB) - 1;
        }
    }

    /// <summary>End pfn of the registered device or hot-added System RAM holding pfn, or 0 when none does.</summary>
    private static ulong HolderEndPfn(Kernel k, ulong pfn)
    {
        if (k.DeviceOfPfn(pfn) is DeviceState d)
        {
            return k.PfnOf(d.RangeStart + d.RangeSize);
        }

        return k.SystemRamOfPfn(pfn) is SystemRamState r ? k.PfnOf(r.End) : 0;
    }

    /// <summary>With no device left, free RAM equals the post-boot baseline; otherwise name what is still held.</summary>
    private static void CheckBaseline(Kernel k, List<InvariantFinding> findings)
    {
        if (k.Devices.Count != 0 || k.SystemRam.Count != 0 || k.FreePages == k.BaselineFreePages)
        {
            return;
        }

        long lost = (long)k.BaselineFreePages - (long)k.FreePages;
        Add(findings, "Baseline", 0, null, $"free RAM differs from the post-boot baseline by {lost} page(s) ({lost * (long)k.G.PageSize} bytes)");
        foreach (OwnedRun r in k.Owners.Runs)
        {
            if (r.Owner.Device is not null)
            {
                Add(findings, "Baseline", k.PaOf(r.StartPfn), r.Owner.Device,
                    $"{r.Count} {r.Owner.Purpose} page(s) at {k.PaOf(r.StartPfn):x} allocated by {r.Owner.Function} for {r.Owner.Device} are still held");
            }
        }
    }
}
