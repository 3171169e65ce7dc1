using System;

namespace VmemmapPS.Reference;

/// <summary>
/// The arm64 constants (docs/kernel-model.md#arm64-geometry), recomputed in the tests from the kernel's own macros so that
/// no expected number is copied from the simulator. Deliberately independent of VmemmapPS.Core.
/// </summary>
public sealed class RefGeometry
{
    /// <summary>sizeof(struct page) on production arm64 (STRUCT_PAGE_MAX_SHIFT = 6), also nvdimm's MAX_STRUCT_PAGE_SIZE.</summary>
    public const ulong StructPageSize = 64;

    /// <summary>SUBSECTION_SHIFT = 21 (mm/sparse, v5.3+).</summary>
    public const int SubsectionShift = 21;

    public RefGeometry(ulong pageSize, int vaBits, string version)
    {
        PageSize = pageSize;
        PageShift = Log2(pageSize);
        VaBits = vaBits;
        Version = version;
        BitsPerLevel = PageShift - 3;
        PtrsPerTable = 1UL << BitsPerLevel;
        // ARM64_HW_PGTABLE_LEVELS(va_bits) = ((va_bits) - 4) / (PAGE_SHIFT - 3)
        Levels = (vaBits - 4) / BitsPerLevel;
        TopLevel = 4 - Levels;
        PgdirShift = LevelShift(TopLevel);
        PtrsPerPgd = 1UL << (vaBits - PgdirShift);
        PmdShift = LevelShift(2);
        PudShift = LevelShift(1);
        PmdSize = 1UL << PmdShift;
        PudSize = 1UL << PudShift;

        // VA_BITS_MIN: 48 when VA_BITS > 48; v6.9+ LPA2 makes it 47 for 16K/52.
        VaBitsMin = vaBits > 48 ? (pageSize == 16384 && KernelVersions.AtLeast(version, 6, 9) ? 47 : 48) : vaBits;
        PageOffset = Negate(1UL << vaBits);                     // _PAGE_OFFSET(VA_BITS)
        PageEnd = Negate(1UL << (VaBitsMin - 1));               // _PAGE_END(VA_BITS_MIN)
        ulong linearSpan = PageEnd - PageOffset;

        int structPageShift = Log2(StructPageSize);
        if (KernelVersions.AtLeast(version, 6, 9))
        {
            // v6.9+: VMEMMAP_SIZE = (VMEMMAP_RANGE >> PAGE_SHIFT) * sizeof(struct page); VMEMMAP_END = -SZ_1G
            VmemmapSize = (linearSpan >> PageShift) * StructPageSize;
            VmemmapEnd = Negate(1UL << 30);
            VmemmapStart = VmemmapEnd - VmemmapSize;
        }
        else if (KernelVersions.AtLeast(version, 5, 11))
        {
            // v5.11-v6.8: VMEMMAP_START = -(1UL << (VA_BITS - VMEMMAP_SHIFT))
            VmemmapSize = linearSpan >> (PageShift - structPageShift);
            VmemmapStart = Negate(1UL << (vaBits - (PageShift - structPageShift)));
            VmemmapEnd = VmemmapStart + VmemmapSize;
        }
        else
        {
            // v5.4-v5.10: VMEMMAP_START = (-VMEMMAP_SIZE - SZ_2M)
            VmemmapSize = linearSpan >> (PageShift - structPageShift);
            VmemmapStart = Negate(VmemmapSize) - (2UL << 20);
            VmemmapEnd = VmemmapStart + VmemmapSize;
        }

        // arch/arm64/include/asm/sparsemem.h: 30 until v5.11; v5.12+ 27 (4K/16K) or 29 (64K).
        SectionSizeBits = !KernelVersions.AtLeast(version, 5, 12) ? 30 : (pageSize == 65536 ? 29 : 27);
        SectionSize = 1UL << SectionSizeBits;
        PagesPerSection = SectionSize >> PageShift;
        SubsectionSize = 1UL << SubsectionShift;
        PagesPerSubsection = SubsectionSize >> PageShift;

        // ARM64_MEMSTART_SHIFT: PUD_SHIFT (4K), CONT_PMD_SHIFT (16K: 32 PMDs = 1 GiB), PMD_SHIFT (64K);
        // ARM64_MEMSTART_ALIGN is the larger of that and SECTION_SIZE_BITS.
        int memstartShift = pageSize == 4096 ? PudShift : pageSize == 16384 ? PmdShift + 5 : PmdShift;
        MemstartAlign = 1UL << Math.Max(memstartShift, SectionSizeBits);
    }

    public ulong PageSize { get; }

    public int PageShift { get; }

    public int VaBits { get; }

    public string Version { get; }

    public int BitsPerLevel { get; }

    public ulong PtrsPerTable { get; }

    public int Levels { get; }

    /// <summary>Kernel level index of the PGD (0 for 4 levels, 1 for 3, 2 for 2; -1 for 5).</summary>
    public int TopLevel { get; }

    public int PgdirShift { get; }

    public ulong PtrsPerPgd { get; }

    public int PmdShift { get; }

    /// <summary>PMD_ORDER = PMD_SHIFT - PAGE_SHIFT: the buddy order of one PMD block.</summary>
    public int PmdOrder => PmdShift - PageShift;

    public int PudShift { get; }

    public ulong PmdSize { get; }

    public ulong PudSize { get; }

    public int VaBitsMin { get; }

    public ulong PageOffset { get; }

    public ulong PageEnd { get; }

    public ulong VmemmapStart { get; }

    public ulong VmemmapEnd { get; }

    public ulong VmemmapSize { get; }

    public int SectionSizeBits { get; }

    public ulong SectionSize { get; }

    public ulong PagesPerSection { get; }

    public ulong SubsectionSize { get; }

    public ulong PagesPerSubsection { get; }

    public ulong MemstartAlign { get; }

    /// <summary>ARM64_HW_PGTABLE_LEVEL_SHIFT(n) = (PAGE_SHIFT - 3) * (4 - n) + 3.</summary>
    public int LevelShift(int level) => BitsPerLevel * (4 - level) + 3;

    /// <summary>Bytes of VA that one table page of this level maps (= the parent entry's size).</summary>
    public ulong TableSpan(int level) => 1UL << LevelShift(level - 1);

    /// <summary>Bytes one entry of a table of this level maps.</summary>
    public ulong EntrySize(int level) => 1UL << LevelShift(level);

    /// <summary>Bytes of struct pages for a physical range: size / PAGE_SIZE * sizeof(struct page).</summary>
    public ulong MemmapBytes(ulong size) => size / PageSize * StructPageSize;

    /// <summary>
    /// memory_block_memmap_on_memory_pages(): PFN_UP of one memory block's memmap (the block is a section on
    /// arm64), the pages memmap_on_memory keeps at the start of each block.
    /// </summary>
    public ulong MemmapOnMemoryPagesPerBlock => AlignUp(MemmapBytes(SectionSize), PageSize) / PageSize;

    /// <summary>memstart_addr = round_down(memblock_start_of_DRAM(), ARM64_MEMSTART_ALIGN).</summary>
    public ulong Memstart(ulong lowestRam) => lowestRam & ~(MemstartAlign - 1);

    /// <summary>pfn_to_page: vmemmap = VMEMMAP_START - (memstart_addr >> PAGE_SHIFT).</summary>
    public ulong StructPageVa(ulong pfn, ulong memstart) => VmemmapStart + (pfn - (memstart >> PageShift)) * StructPageSize;

    /// <summary>Virtual address of the struct page of a physical address.</summary>
    public ulong StructPageVaOfPhys(ulong phys, ulong memstart) => StructPageVa(phys >> PageShift, memstart);

    /// <summary>__phys_to_virt: (phys - PHYS_OFFSET) | PAGE_OFFSET.</summary>
    public ulong LinearVa(ulong phys, ulong memstart) => PageOffset + (phys - memstart);

    public static ulong AlignUp(ulong value, ulong align) => (value + align - 1) / align * align;

    public static ulong AlignDown(ulong value, ulong align) => value / align * align;

    public static int Log2(ulong value)
    {
        int shift = 0;
        while ((1UL << shift) < value)
        {
            shift++;
        }

        return shift;
    }

    private static ulong Negate(ulong value) => unchecked(0UL - value);
}
