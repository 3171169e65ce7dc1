namespace VmemmapPS.Core.Mm;

/// <summary>struct mem_section with its mem_section_usage subsection_map (mm/sparse.c, SPARSEMEM_VMEMMAP).</summary>
internal sealed class MemSection
{
    private ulong[] _map;

    public MemSection(ulong nr, int subsections)
    {
        Nr = nr;
        _map = new ulong[(subsections + 63) / 64];
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

    public bool Test(int bit) => (_map[bit >> 6] & (1UL << (bit & 63))) != 0;

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
            if ((_map[w] & MaskOf(w, first, last)) != 0)
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
            if ((_map[w] & mask) != mask)
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
            _map[w] |= MaskOf(w, first, last);
        }
    }

    public void ClearRange(int first, int last)
    {
        for (int w = first >> 6; w <= last >> 6; w++)
        {
            _map[w] &= ~MaskOf(w, first, last);
        }
    }

    public bool MapEmpty
    {
        get
        {
            foreach (ulong w in _map)
            {
                if (w != 0)
                {
                    return false;
                }
            }

            return true;
        }
    }

    public MemSection Clone()
    {
        var c = (MemSection)MemberwiseClone();
        c._map = (ulong[])_map.Clone();
        return c;
    }
}
