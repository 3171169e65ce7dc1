using System;
using System.Collections.Generic;
using System.Linq;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Units;
using VmemmapPS.Core.Versions;

namespace VmemmapPS.Core.Arch.Arm64;

/// <summary>
/// arm64 page-table and sparsemem geometry for one (page size, VA_BITS, kernel profile) (docs/kernel-model.md#arm64-geometry).
/// </summary>
public sealed class Arm64Geometry
{
    /// <summary>CONFIG_ARM64_VA_BITS when a machine does not say: the Kconfig default for every granule.</summary>
    public const int DefaultVaBits = 48;

    private const int SubsectionShift = 21;

    private Arm64Geometry(ulong pageSize, int vaBits, KernelProfile profile)
    {
        Profile = profile;
        PageSize = pageSize;
        PageShift = Log2(pageSize);
        VaBits = vaBits;
        BitsPerLevel = PageShift - 3;
        Levels = (vaBits - 4) / BitsPerLevel; // ARM64_HW_PGTABLE_LEVELS
        TopLevel = 4 - Levels;
        PtrsPerTable = 1 << BitsPerLevel;
        PgdirShift = LevelShift(TopLevel);
        PtrsPerPgd = 1 << (vaBits - PgdirShift);
        PmdSize = 1UL << LevelShift(2);
        PudSize = 1UL << LevelShift(1);
        SectionSizeBits = !profile.SmallSections ? 30 : PageShift == 16 ? 29 : 27; // asm/sparsemem.h
        MemoryLayout.Compute(this, out ulong pageOffset, out ulong pageEnd, out ulong vmemmapStart, out ulong vmemmapSize);
        PageOffset = pageOffset;
        PageEnd = pageEnd;
        VmemmapStart = vmemmapStart;
        VmemmapSize = vmemmapSize;
        PaBits = pageSize == 65536 && (vaBits == 52 || profile.Has(Versions.KernelSwitch.Pa52With64kPages)) || profile.Lpa2 && vaBits == 52 ? 52 : 48;
        int memstartShift = PageShift == 12 ? LevelShift(1) : PageShift == 14 ? 30 : LevelShift(2);
        MemstartAlign = 1UL << Math.Max(memstartShift, SectionSizeBits);
        MaxOrder = PageShift == 12 ? 11 : PageShift == 14 ? 12 : 14;
    }

    /// <summary>Throws SimException (InvalidGeometry) naming the valid combinations.</summary>
    public static Arm64Geometry Create(ulong pageSize, int vaBits, KernelProfile profile)
    {
        if (profile is null)
        {
            throw new ArgumentNullException(nameof(profile));
        }

        if (pageSize != 4096 && pageSize != 16384 && pageSize != 65536)
        {
            throw new SimException(FailureKind.InvalidGeometry,
                $"Page size {pageSize} is not an arm64 granule; valid: 4096 (VA_BITS {Join(4096, profile)}), 16384 (VA_BITS {Join(16384, profile)}), 65536 (VA_BITS {Join(65536, profile)}).",
                pageSize);
        }

        int va = vaBits == 0 ? DefaultVaBits : vaBits;
        if (!ValidFor(pageSize, profile).Contains(va))
        {
            throw new SimException(FailureKind.InvalidGeometry,
                $"VA_BITS {va} is not valid with {pageSize / 1024}K pages on kernel {profile.Version}; valid: {Join(pageSize, profile)}" +
                (va == 52 && pageSize != 65536 ? $" (52-bit VA with 4K/16K pages needs LPA2, kernel {Versions.KernelTimeline.Entry(Versions.KernelSwitch.Lpa2).Since} or later)." : "."),
                vaBits);
        }

        return new Arm64Geometry(pageSize, va, profile);
    }

    /// <summary>VA_BITS values Kconfig allows for a page size (first = default).</summary>
    public static IReadOnlyList<int> ValidVaBits(ulong pageSize) => pageSize switch
    {
        4096 => new[] { 48, 39, 52 },
        16384 => new[] { 48, 36, 47, 52 },
        65536 => new[] { 48, 42, 52 },
        _ => Array.Empty<int>(),
    };

    /// <summary>The VA_BITS a kernel accepts with this page size (52 with 4K/16K pages only where it has LPA2).</summary>
    public static IReadOnlyList<int> ValidVaBits(ulong pageSize, KernelProfile profile) => ValidFor(pageSize, profile).ToList();

    private static IEnumerable<int> ValidFor(ulong pageSize, KernelProfile profile) =>
        ValidVaBits(pageSize).Where(v => v != 52 || pageSize == 65536 || profile.Lpa2);

    private static string Join(ulong pageSize, KernelProfile profile) => string.Join("/", ValidFor(pageSize, profile));

    private static int Log2(ulong v)
    {
        int n = 0;
        while ((1UL << n) < v)
        {
            n++;
        }

        return n;
    }

    public KernelProfile Profile { get; }
    public ulong PageSize { get; }
    public int PageShift { get; }
    public int VaBits { get; }
    public int Levels { get; }
    public int PtrsPerTable { get; }
    public int PgdirShift { get; }
    public int PtrsPerPgd { get; }
    public ulong PmdSize { get; }
    public ulong PudSize { get; }
    public ulong PageOffset { get; }
    public ulong PageEnd { get; }
    public ulong VmemmapStart { get; }
    public ulong VmemmapEnd => VmemmapStart + VmemmapSize;
    public ulong VmemmapSize { get; }
    public int SectionSizeBits { get; }
    public ulong SectionSize => 1UL << SectionSizeBits;
    public ulong PagesPerSection => SectionSize >> PageShift;
    public ulong SubsectionSize { get; } = 1UL << SubsectionShift;
    public ulong PagesPerSubsection => SubsectionSize >> PageShift;
    public ulong SubsectionsPerSection => SectionSize >> SubsectionShift;

    /// <summary>arm64 does not override memory_block_size_bytes(): MIN_MEMORY_BLOCK_SIZE = section size.</summary>
    public ulong MemoryBlockSize => SectionSize;
    public ulong StructPageSize { get; } = 64;

    /// <summary>CONFIG_ARM64_PA_BITS = MAX_PHYSMEM_BITS.</summary>
    public int PaBits { get; }

    /// <summary>ARM64_MEMSTART_ALIGN: memstart_addr is the first RAM address rounded down to this.</summary>
    public ulong MemstartAlign { get; }

    /// <summary>MAX_ORDER: buddy orders are 0 .. MaxOrder-1.</summary>
    public int MaxOrder { get; }

    /// <summary>PAGES_PER_SECTION * sizeof(struct page): one section's memmap.</summary>
    public ulong SectionMemmapSize => PagesPerSection * StructPageSize;

    /// <summary>pud_sect_supported(): 1 GiB block entries exist only with the 4K granule.</summary>
    public bool PudSectSupported => PageShift == 12;

    internal int BitsPerLevel { get; }

    /// <summary>Hardware level of the top table: 0 with 4 levels, 1 with 3, 2 with 2, -1 with 5 (LPA2).</summary>
    internal int TopLevel { get; }

    /// <summary>ARM64_HW_PGTABLE_LEVEL_SHIFT(n).</summary>
    internal int LevelShift(int level) => BitsPerLevel * (4 - level) + 3;

    internal ulong EntrySpan(int level) => 1UL << LevelShift(level);

    internal int EntriesAt(int level) => level == TopLevel ? PtrsPerPgd : PtrsPerTable;

    internal int IndexOf(ulong va, int level) => (int)((va >> LevelShift(level)) & (ulong)(EntriesAt(level) - 1));

    /// <summary>First VA of the TTBR1 half: the top table's base.</summary>
    internal ulong TopTableBase => ~0UL << VaBits;

    internal string LevelName(int level) => level == TopLevel ? "PGD" : PageTableLevelNames.Of(level);

    internal ulong PageAlignDown(ulong v) => KernelAlign.Down(v, PageSize);

    internal ulong PageAlignUp(ulong v) => KernelAlign.Up(v, PageSize);
}
