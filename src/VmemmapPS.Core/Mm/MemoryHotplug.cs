using System;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Sim;
using VmemmapPS.Core.Units;

namespace VmemmapPS.Core.Mm;

/// <summary>__add_pages / __remove_pages (mm/memory_hotplug.c).</summary>
internal abstract partial class GenericMm : KernelPageTables
{
    /// <summary>
    /// mirrors check_pfn_span (mm/memory_hotplug.c, v5.3+): with SPARSEMEM_VMEMMAP the range must start and end on a
    /// sub-section. __add_pages and __remove_pages both call it; the simulator runs it once, before any state
    /// changes, and refuses the input with the kernel's -EINVAL.
    /// </summary>
    public void CheckPfnSpan(ulong start, ulong size, object? target)
    {
        ulong sub = G.SubsectionSize;
        // not in check_pfn_span, which only tests the alignment: an empty or wrapping span is refused too, so the
        // section loops behind it never run on one (the validators refuse both before a request gets here)
        if (size == 0 || start + size < start || ((start | size) & (sub - 1)) != 0)
        {
            throw new SimException(FailureKind.UnalignedRange,
                $"Start {ByteSize.Hex(start)} and size {ByteSize.Hex(size)} must be non-zero multiples of the {ByteSize.Format(sub)} sub-section (check_pfn_span).",
                target, Errno.EINVAL, "check_pfn_span");
        }
    }

    /// <summary>Where a run of whole sections from pfn stops: a 64th of the request at most, so progress still moves.</summary>
    private ulong RunEnd(ulong pfn, ulong endPfn, ulong nrPages) =>
        pfn + Math.Min(endPfn - pfn, Math.Max(2, nrPages / G.PagesPerSection / 64) * G.PagesPerSection);

    /// <summary>Pages of the next section boundary after pfn: SECTION_ALIGN_UP(pfn + 1) - pfn.</summary>
    protected ulong ChunkPages(ulong pfn, ulong endPfn) =>
        Math.Min(endPfn - pfn, KernelAlign.Up(pfn + 1, G.PagesPerSection) - pfn);

    /// <summary>
    /// mirrors __add_pages (v5.8+): altmap checks and alloc = 0, then sparse_add_section per section chunk,
    /// stopping at the first error with no rollback of earlier chunks. The altmap and span checks were done by the
    /// facade before any state changed; they are repeated here as the kernel does.
    /// </summary>
    public int AddPages(int nid, ulong pfn, ulong nrPages, VmemAltmap? altmap)
    {
        if (altmap is not null)
        {
            if (altmap.BasePfn != pfn || altmap.Offset > nrPages)
            {
                Warnings.WarnOnce("__add_pages", "invalid altmap", PaOf(pfn), Actor, "memory add fail, invalid altmap");
                return Errno.EINVAL;
            }

            altmap.Alloc = 0; // reset the counter
        }

        ulong endPfn = pfn + nrPages;
        var progress = new ProgressThrottle(Progress, "__add_pages", (long)((nrPages + G.PagesPerSection - 1) / G.PagesPerSection));
        long done = 0;
        for (ulong cur = pfn; cur < endPfn;)
        {
            ulong n = ChunkPages(cur, endPfn);
            if (n == G.PagesPerSection && TryAddSectionRun(nid, cur, RunEnd(cur, endPfn, nrPages), altmap) is ulong sections and > 0)
            {
                cur += sections * G.PagesPerSection;
                done += (long)sections;
                progress.Report(done, PfnToSectionNr(cur - 1));
                continue;
            }

            int rc = SparseAddSection(nid, cur, n, altmap);
            if (rc != 0)
            {
                return rc;
            }

            cur += n;
            progress.Report(++done, PfnToSectionNr(cur - 1));
        }

        return 0;
    }

    // mirrors __remove_pages (mm/memory_hotplug.c): sparse_remove_section per section chunk.
    public void RemovePages(ulong pfn, ulong nrPages, VmemAltmap? altmap)
    {
        ulong endPfn = pfn + nrPages;
        var progress = new ProgressThrottle(Progress, "__remove_pages", (long)((nrPages + G.PagesPerSection - 1) / G.PagesPerSection));
        long done = 0;
        for (ulong cur = pfn; cur < endPfn;)
        {
            ulong n = ChunkPages(cur, endPfn);
            if (n == G.PagesPerSection && TryRemoveSectionRun(cur, RunEnd(cur, endPfn, nrPages), altmap) is ulong sections and > 0)
            {
                cur += sections * G.PagesPerSection;
                done += (long)sections;
                progress.Report(done, PfnToSectionNr(cur - 1));
                continue;
            }

            SparseRemoveSection(cur, n, altmap);
            cur += n;
            progress.Report(++done, PfnToSectionNr(cur - 1));
        }
    }
}
