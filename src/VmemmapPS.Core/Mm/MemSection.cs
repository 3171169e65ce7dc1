namespace VmemmapPS.Core.Mm;

/// <summary>struct mem_section with its mem_section_usage subsection_map (mm/sparse.c, SPARSEMEM_VMEMMAP).</summary>
internal sealed class MemSection
{
    // SUBSECTIONS_PER_SECTION is at most 512 (1 GiB sections): eight words inline, no separate array per section.
    private ulong _w0, _w1, _w2, _w3, _w4, _w5, _w6, _w7;

    public MemSection(ulong nr, int subsections)
    {
        Nr = nr;
        if (subsections > 512)
        {
            throw new System.ArgumentOutOfRangeException(nameof(subsections));
        }
    }

    private ref ulong Word(int i)
    {
        switch (i)
        {
            case 0: return ref _w0;
            case 1: return ref _w1;
            case 2: return ref _w2;
            case 3: return ref _w3;
            case 4: return ref _w4;
            case 5: return ref _w5;
            case 6: return ref _w6;
            default: return ref _w7;
        }
    }

    public ulong Nr { get; }

    /// <summary>SECTION_IS_EARLY: present at boot; its memmap came from memblock.</summary>
    public bool Early { get; set; }

    /// <summary>SECTION_MARKED_PRESENT | SECTION_HAS_MEM_MAP (section_mem_map != 0).</summary>
    public bool HasMemMap { get; set; }

    /// <summary>ms->usage allocated (kzalloc, not modelled as pages).</summary>
    public bool Usage { get; set; }

    public int Nid { get; set; }

    /// <summary>Device whose sparse_add_section last activated subsections here (null for boot).</summary>
    public string? Owner { get; set; }

    public bool Test(int bit) => (Word(bit >> 6) & (1UL << (bit & 63))) != 0;

    private static ulong MaskOf(int w, int first, int last)
    {
        int lo = w == first >> 6 ? first & 63 : 0;
        int hi = w == last >> 6 ? last & 63 : 63;
        return (hi == 63 ? ~0UL : (1UL << (hi + 1)) - 1) & ~((1UL << lo) - 1);
    }

    public bool AnySet(int first, int last)
    {
        for (int w = first >> 6; w <= last >> 6; w++)
        {
            if ((Word(w) & MaskOf(w, first, last)) != 0)
            {
                return true;
            }
        }

        return false;
    }

    public bool AllSet(int first, int last)
    {
        for (int w = first >> 6; w <= last >> 6; w++)
        {
            ulong mask = MaskOf(w, first, last);
            if ((Word(w) & mask) != mask)
            {
                return false;
            }
        }

        return true;
    }

    public void SetRange(int first, int last)
    {
        for (int w = first >> 6; w <= last >> 6; w++)
        {
            Word(w) |= MaskOf(w, first, last);
        }
    }

    public void ClearRange(int first, int last)
    {
        for (int w = first >> 6; w <= last >> 6; w++)
        {
            Word(w) &= ~MaskOf(w, first, last);
        }
    }

    public bool MapEmpty => (_w0 | _w1 | _w2 | _w3 | _w4 | _w5 | _w6 | _w7) == 0;

    public MemSection Clone() => (MemSection)MemberwiseClone();
}
