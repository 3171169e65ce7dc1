using System;
using System.Collections.Generic;
using System.Linq;
using VmemmapPS.Core.Errors;
using static VmemmapPS.Core.Versions.Confidence;

namespace VmemmapPS.Core.Versions;

/// <summary>
/// Every behaviour switch of the simulated kernel, one entry each, in mainline order. A kernel profile is the
/// resolution of a release against this table; nothing else in the simulator compares version numbers.
/// Distribution kernels resolve by their upstream numbers only: patches a distribution carries beyond upstream
/// stable are not modelled.
/// </summary>
public static class KernelTimeline
{
    /// <summary>The oldest release modelled: the simulator starts from v5.8's arm64 hotplug code.</summary>
    public static KernelVersion Oldest { get; } = KernelVersion.Of(5, 8);

    /// <summary>
    /// The newest mainline release whose changes to the modelled paths were checked (any 6.18.y resolves).
    /// Later releases exist but their changes to these paths were not reviewed, so they are refused.
    /// </summary>
    public static KernelVersion Newest { get; } = KernelVersion.Of(6, 18);

    private static StableBackport Stable(int major, int minor, int sublevel, Confidence c) => new(KernelVersion.Of(major, minor, sublevel), c);

    public static IReadOnlyList<TimelineEntry> Entries { get; } = new[]
    {
        new TimelineEntry(KernelSwitch.AltmapInVmemmapPopulate,
            "arm64 vmemmap_populate passes the vmem_altmap on: a device's struct pages can live on the device. Before it, they always came from system RAM.",
            "eee07935bb52", "arm64/mm: Enable vmem_altmap support for vmemmap mappings", KernelVersion.Of(5, 9), MailingList,
            "V4 series July 2020; listed in the v5.9 merge-window log."),
        new TimelineEntry(KernelSwitch.MemremapMultiRange,
            "memremap_pages maps a list of ranges; a failed range unwinds through memunmap_pages, which ends with WARN_ONCE(pgmap->altmap.alloc, \"failed to free all reserved pages\"). v5.9's single-range error path has no such WARN.",
            "b7b3c01b1915", "mm/memremap_pages: support multiple ranges per invocation", KernelVersion.Of(5, 10), MailingList,
            "Dan Williams, 2020-10-13, in the mm batch of the v5.10 merge window (the fuse pull of that window resolves a conflict against it in mainline; later Fixes: tags name this id). The WARN was seen on a real 5.10.223."),
        new TimelineEntry(KernelSwitch.LinearRegionCheck,
            "arch_add_memory refuses a range outside the linear region before it maps anything (inside_linear_region: pr_err \"[start end] is outside linear mapping region\", -EINVAL). v5.8 and v5.9 have no such check: __create_pgd_mapping puts the range's linear alias at __phys_to_virt(start), outside [PAGE_OFFSET, PAGE_END), on top of whatever the kernel keeps there.",
            "58284a901b42", "arm64/mm: Validate hotplug range before creating linear mapping", KernelVersion.Of(5, 10), MailingList,
            "Merged as an arm64 fix during 5.10-rc (in mainline's push of mid-November 2020, next to the 5.10-2020-11-12 drm fixes); the 5.10.y stable review of March 2021 shows it in 5.10's mmu.c, next to ee7febce0519 which corrects its start address for a randomized linear map (not modelled: the simulated linear map is not randomized)."),
        new TimelineEntry(KernelSwitch.PmdBasepageFallback,
            "4K: when the 2 MiB PMD block for the vmemmap cannot be allocated, the arm64 loop falls back to base pages for that PMD, with the altmap, instead of -ENOMEM.",
            "9f84f39f5515", "arm64/mm: add fallback option to allocate virtually contiguous memory", KernelVersion.Of(5, 11), MailingList,
            "Applied to arm64 for-next/misc for the v5.11 merge window."),
        new TimelineEntry(KernelSwitch.VmemmapBelowLinearProjection,
            "VMEMMAP_START = -(1 << (VA_BITS - VMEMMAP_SHIFT)): the window is the linear region's projection, no longer -VMEMMAP_SIZE - 2 MiB.",
            "8c96400d6a39", "arm64: mm: make vmemmap region a projection of the linear region", KernelVersion.Of(5, 11), MailingList,
            "Listed in the \"arm64 updates for 5.11\" pull request (December 2020) together with f4693c2716b3 \"arm64: mm: extend linear region for 52-bit VA configurations\", which makes PAGE_END _PAGE_END(VA_BITS_MIN) in the same release."),
        new TimelineEntry(KernelSwitch.SmallSections,
            "SECTION_SIZE_BITS 27 with 4K/16K pages and 29 with 64K, instead of 30: 128 MiB (512 MiB) sections and memory blocks.",
            "f0b13ee23241", "arm64/sparsemem: reduce SECTION_SIZE_BITS", KernelVersion.Of(5, 12), MailingList,
            "Applied to arm64 for-next with the SMCCC TRNG work, v5.12 merge window."),
        new TimelineEntry(KernelSwitch.MappableRangeApi,
            "The linear-region check moves to arch_get_mappable_range, which mhp_range_allowed consults; memremap_pages' pagemap_range then refuses with -EINVAL.",
            "03aaf83fba6e", "arm64/mm: define arch_get_mappable_range()", KernelVersion.Of(5, 12), MailingList,
            "In mainline with bca3feaa0764 \"mm/memory_hotplug: prevalidate the address range being added with platform\" (mm batch, v5.12 merge window). Stable queued it for 5.10.27 and 5.11.11 and dropped it again (no mhp_range_allowed there: build failure reported in the March 2021 reviews), so 5.10.y and 5.11.y keep inside_linear_region."),
        new TimelineEntry(KernelSwitch.PopulateWindowWarning,
            "vmemmap_populate starts with WARN_ON(start < VMEMMAP_START || end > VMEMMAP_END), as vmemmap_free already did.",
            "edb739eed8f3", "arm64/mm: Add warning for outside range requests in vmemmap_populate()", KernelVersion.Of(5, 12), MailingList,
            "Applied to arm64 for-next/misc, listed in the v5.12 merge-window log."),
        new TimelineEntry(KernelSwitch.GenericVmemmapHugepages,
            "4K: arm64 uses the generic vmemmap_populate_hugepages (vmemmap_check_pmd returns 1): with an altmap a failed PMD block is -ENOMEM, no base-page fallback.",
            "2045a3b8911b", "mm/sparse-vmemmap: generalise vmemmap_populate_hugepages()", KernelVersion.Of(6, 2), MailingList,
            "Authored October 2022, in the mm tree for the v6.2 merge window; 6.1.132's release diff still shows the arm64-private loop."),
        new TimelineEntry(KernelSwitch.MemmapOnMemory,
            "MHP_MEMMAP_ON_MEMORY with memory_hotplug.memmap_on_memory: a hot-added memory block carries its own memmap at its start (mhp_altmap), for one block at a time; arm64 enables it in the same series. An unsupported request is -EINVAL.",
            "a08a2ae34613", "mm,memory_hotplug: allocate memmap from the added memory range", KernelVersion.Of(5, 13), MailingList,
            "Series v5 (March 2021) with ca6e51d592d2 \"arm64/Kconfig: introduce ARCH_MHP_MEMMAP_ON_MEMORY_ENABLE\", in the mm batch for v5.13; ids from stable dependency lists."),
        new TimelineEntry(KernelSwitch.CompoundDevmaps,
            "device-dax sets pgmap->vmemmap_shift = order_base_2(align >> PAGE_SHIFT) when its align exceeds PAGE_SIZE, and __populate_section_memmap then takes vmemmap_populate_compound_pages when there is no altmap: each compound page keeps its head and first tail vmemmap pages, every further PTE maps the first tail page again (get_page), and a section inside a compound reuses the tail page of the section before it.",
            "4917f55b4ef9", "mm/sparse-vmemmap: improve memory savings for compound devmaps", KernelVersion.Of(5, 17), MailingList,
            "Joao Martins' series (v5 November 2021) with 14606001efb4 \"device-dax: compound devmap support\", in the mm batch for the v5.17 merge window; the id is the one 87a7ae75d738's Fixes: tag names. The generic condition has no arch gate, so arm64 takes the path."),
        new TimelineEntry(KernelSwitch.DaxVmemmapArchGate,
            "vmemmap_can_optimize() gates the compound-devmap vmemmap reuse on ARCH_WANT_OPTIMIZE_VMEMMAP (the stable backports: ARCH_WANT_HUGETLB_PAGE_OPTIMIZE_VMEMMAP; later ARCH_WANT_OPTIMIZE_DAX_VMEMMAP). arm64 selects none of them, so from here its device-dax memmap is fully populated again (vmemmap_populate), whatever vmemmap_shift says.",
            "87a7ae75d738", "mm/vmemmap/devdax: fix kernel crash when probing devdax devices", KernelVersion.Of(6, 4), MailingList,
            "A mm-hotfixes patch (April 2023) merged after v6.3, so v6.4 is the first mainline release. 6.3.y: in the stable queue of 28 May 2023, i.e. 6.3.5. 6.1.y: only in August 2026, with its dependency \"mm: move most of core MM initialization to mm/mm_init.c\", in 6.1.185-rc1. arm64 had dropped ARCH_WANT_HUGETLB_PAGE_OPTIMIZE_VMEMMAP in v6.0 (stable 5.19.y too), so the gate is off on arm64 in every backport. 6.2.y ended without it.",
            Stable(6, 3, 5, MailingList), Stable(6, 1, 185, MailingList)),
        new TimelineEntry(KernelSwitch.ZeroSizeNamespaceCheck,
            "nd_pfn_init refuses when offset >= size - end_trunc (was offset >= size). The subtraction is unchecked: with 16K pages end_trunc can exceed size, and the check then passes.",
            "e96d9a938e89", "nvdimm/pfn_dev: Prevent the creation of zero-sized namespaces", KernelVersion.Of(6, 6), MailingList,
            "libnvdimm-for-6.6 pull request."),
        new TimelineEntry(KernelSwitch.MemmapOnMemoryFallback,
            "mhp_supports_memmap_on_memory is rewritten (memmap whole pages and pageblocks, not the whole block, then arch_supports_memmap_on_memory) and an unsupported MHP_MEMMAP_ON_MEMORY falls back to a memmap in RAM instead of -EINVAL; the altmap lives in the memory block with free = memory_block_memmap_on_memory_pages().",
            "e3c2bfdd33a3", "mm/memory_hotplug: allow memmap on memory hotplug request to fallback", KernelVersion.Of(6, 6), MailingList,
            "Aneesh Kumar K.V's series with 85a2b4b08f20 and 2d1f649c7c08, mm batch for the v6.6 merge window; ids from a stable dependency list."),
        new TimelineEntry(KernelSwitch.PerBlockAltmaps,
            "create_altmaps_and_memory_blocks: a multi-block range with memmap_on_memory gets one arch_add_memory and one altmap per memory block (and is removed block by block).",
            "6b8f0798b85a", "mm/memory_hotplug: split memmap_on_memory requests across memblocks", KernelVersion.Of(6, 8), MailingList,
            "v10 posted November 2023 for the v6.8 merge window; the id is the one later Fixes: tags name."),
        new TimelineEntry(KernelSwitch.DaxMemmapOnMemoryAttribute,
            "device-dax gets a memmap_on_memory attribute (-EOPNOTSUPP \"memmap_on_memory is not available\" where mhp_supports_memmap_on_memory says no) and kmem passes MHP_MEMMAP_ON_MEMORY when it is set. Before, kmem always takes the memmap from RAM.",
            "4eca0ef49af9", "dax/kmem: allow kmem to add memory with memmap_on_memory", KernelVersion.Of(6, 8), MailingList,
            "Next to 6b8f0798b85a in the mm-stable pushes of the v6.8 merge window (January 2024)."),
        new TimelineEntry(KernelSwitch.BlockDevicesErrorKeepsAltmap,
            "add_memory_resource: when create_memory_block_devices fails after arch_add_memory, arch_remove_memory gets params.altmap. Before, it got NULL: a memmap_on_memory block's own memmap pages went to free_pages instead of back to the altmap.",
            "f42ce5f087eb", "mm/memory_hotplug: fix error handling in add_memory_resource()", KernelVersion.Of(6, 7), MailingList,
            "Fixes: a08a2ae34613; a December 2023 mm hotfix. Stable: \"failed to apply to 6.1-stable\" (it needs the v6.6 memmap_on_memory rework); a 6.6.y point release carrying it was not established, so 6.6.y is modelled without it."),
        new TimelineEntry(KernelSwitch.PerBlockErrorKeepsAltmap,
            "create_altmaps_and_memory_blocks: when create_memory_block_devices fails for a block, arch_remove_memory gets that block's params.altmap. From v6.8 (6b8f0798b85a) until this fix it gets NULL, so the block's memmap pages, carved from the block itself, are handed to free_pages (unowned pages in the buddy allocator).",
            string.Empty, "mm/memory_hotplug: fix incorrect altmap passing in error path", KernelVersion.Of(7, 2), Unverified,
            "Muchun Song, April 2026 (Fixes: 6b8f0798b85a, Cc stable), in mm-stable in May 2026 and in the 7.1.5-rc1 push of July 2026, so mainline from the 7.2 merge window; the mainline id was not looked up. 6.12.y: in the 6.12.97-rc1 push of 21 July 2026. 6.18.y was not checked.",
            Stable(6, 12, 97, MailingList)),
        new TimelineEntry(KernelSwitch.VmemmapBelowMinus1G,
            "VMEMMAP_END = -1 GiB and VMEMMAP_START = VMEMMAP_END - VMEMMAP_SIZE, with VMEMMAP_SIZE counted in whole struct pages; VA_BITS_MIN is 47 for 16K pages with 52-bit VA.",
            "d432b8d57c0c", "arm64: mm: Reclaim unused vmemmap region for vmalloc use", KernelVersion.Of(6, 9), MailingList,
            "Ard Biesheuvel's \"Reorganize kernel VA space\" series (031e011d8b22 PCI I/O above the vmemmap, b730b0f2b1fc fixmap above the vmemmap, 32697ff38287 no base2 order of struct page, d432b8d57c0c) is in mainline's push of 14 March 2024, the v6.9 merge window. The release is certain; which patch of the series first defines VMEMMAP_END = -SZ_1G was not pinned, so the entry names its last layout patch."),
        new TimelineEntry(KernelSwitch.Lpa2,
            "52-bit VA with 4K and 16K pages (LPA2): VA_BITS 52 is accepted for every page size and 4K gets a fifth level; with it MAX_PHYSMEM_BITS is 52.",
            "352b0395b505", "arm64: Enable 52-bit virtual addressing for 4k and 16k granule configs", KernelVersion.Of(6, 9), MailingList,
            "Merged from arm64 for-next/stage1-lpa2 in mainline's push of 14 March 2024, the v6.9 merge window."),
        new TimelineEntry(KernelSwitch.SubsectionBasepages,
            "vmemmap_populate uses base pages when [start, end) is less than a section's memmap (4K: under 2 MiB), and WARNs once when it spans more than one section.",
            "d4234d131b0a", "arm64: mm: Populate vmemmap at the page level if not section aligned", KernelVersion.Of(6, 14), MailingList,
            "Upstream before v6.14 final (stable picked it in March 2025). 5.15.y and 5.10.y: stable reported \"failed to apply\" and no later backport was found. In 6.1.y it modifies the arm64-private loop.",
            Stable(6, 12, 20, SourceAtTag), Stable(6, 6, 84, MailingList), Stable(6, 1, 132, SourceAtTag)),
        new TimelineEntry(KernelSwitch.CheckPmdReturnsSect,
            "vmemmap_check_pmd returns pmd_sect(): an existing PMD that is a PTE table is filled with base pages instead of being taken as a populated block.",
            "9ab2601dc4c1", "arm64: mm: Test for pmd_sect() in vmemmap_check_pmd()", KernelVersion.Of(6, 14), MailingList,
            "arm64 for-next/mm for the v6.14 merge window; posted without a Fixes tag, no stable backport found."),
        new TimelineEntry(KernelSwitch.Pa52With64kPages,
            "The configurable 48-bit PA limit is gone: with 64K pages MAX_PHYSMEM_BITS is 52 whatever VA_BITS is. Before, the simulator takes 52-bit PA with 64K only with VA_BITS 52.",
            "32d053d6f5e9", "arm64/mm: Drop configurable 48-bit physical address space limit", KernelVersion.Of(6, 14), MailingList,
            "Series v3 (December 2024, Ard Biesheuvel); the id is the one on arm64 for-next/mm in the push notices before the v6.14 merge window."),
        new TimelineEntry(KernelSwitch.Bbml2BlockLinearMap,
            "On a system whose every CPU has BBML2_NOABORT, force_pte_mapping() is false under rodata_full: map_mem and arch_add_memory keep PUD/PMD block mappings in the linear map and split them only when permissions change. Without BBML2, or before this release, rodata_full makes the linear map page granular (NO_BLOCK_MAPPINGS | NO_CONT_MAPPINGS), hot-added memory included.",
            "a166563e7ec3", "arm64: mm: support large block mapping when rodata=full", KernelVersion.Of(6, 18), MailingList,
            "Applied to arm64 for-next/mm (September 2025) and in the linus-next queue of the v6.18 merge window; fixes with Fixes: a166563e7ec3 were sent to 6.18.y. Read in the patch and in a later mmu.c: arch_add_memory adds NO_BLOCK_MAPPINGS | NO_CONT_MAPPINGS only when force_pte_mapping(), which is true for debug_pagealloc and otherwise only without BBML2_NOABORT (then for rodata_full, a late KFENCE pool or a realm guest). debug_pagealloc, KFENCE and realms are not modelled separately: they are part of the machine's rodata_full setting."),
    };

    /// <summary>Parses a release and checks it is in the modelled range. Throws SimException (UnknownKernelVersion) naming the range.</summary>
    public static KernelVersion Parse(string? text)
    {
        KernelVersion v = KernelVersion.Parse(text);
        if (!IsModelled(v))
        {
            throw new SimException(FailureKind.UnknownKernelVersion,
                $"Kernel {v.Given} (upstream {v.Upstream}) is outside the modelled range {Oldest.Upstream} to {Newest.Upstream}.y.", text);
        }

        return v;
    }

    private static bool IsModelled(KernelVersion v) =>
        v.CompareTo(Oldest) >= 0 && (v.Major < Newest.Major || v.Major == Newest.Major && v.Minor <= Newest.Minor);

    public static TimelineEntry Entry(KernelSwitch name) => Entries.First(e => e.Switch == name);

    /// <summary>The switches a release carries.</summary>
    public static ISet<KernelSwitch> Resolve(KernelVersion release) =>
        new HashSet<KernelSwitch>(Entries.Where(e => e.IsIn(release)).Select(e => e.Switch));

    /// <summary>The releases on both sides of every boundary: what a sweep over "every behaviour" needs.</summary>
    public static IReadOnlyList<KernelVersion> Milestones()
    {
        var all = new SortedSet<KernelVersion> { Oldest, Newest };
        foreach (TimelineEntry e in Entries)
        {
            if (IsModelled(e.Since))
            {
                all.Add(e.Since); // a fix merged after the newest modelled release matters only through its backports
            }

            foreach (StableBackport b in e.Backports)
            {
                KernelVersion first = b.FirstRelease;
                all.Add(first);
                all.Add(KernelVersion.Of(first.Major, first.Minor, first.Sublevel - 1)); // the last point release without it
            }
        }

        return all.ToList();
    }
}
