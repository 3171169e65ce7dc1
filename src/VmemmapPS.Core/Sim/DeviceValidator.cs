using VmemmapPS.Core.Arch.Arm64;
using VmemmapPS.Core.Drivers.Nvdimm;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Mm;
using VmemmapPS.Core.Units;

namespace VmemmapPS.Core.Sim;

/// <summary>Everything memremap_pages and its callers refuse before touching state (SimException, machine unchanged).</summary>
internal static class DeviceValidator
{
    public static DeviceState Validate(Kernel k, DeviceSpec spec)
    {
        Arm64Geometry g = k.G;
        SimNames.Validate(spec?.Name, "device name");

        if (k.FindDevice(spec!.Name) is not null)
        {
            throw new SimException(FailureKind.DuplicateDeviceName, $"A device named '{k.FindDevice(spec.Name)!.Name}' already exists on this machine (names compare ignoring case).", spec.Name);
        }

        if (k.FindSystemRam(spec.Name) is SystemRamState ram)
        {
            throw new SimException(FailureKind.DuplicateDeviceName, $"Hot-added System RAM named '{ram.Name}' already exists on this machine (names compare ignoring case).", spec.Name);
        }

        if (spec.Size == 0)
        {
            throw new SimException(FailureKind.InvalidSize, "Device size is 0; a device needs at least one sub-section.", spec.Size);
        }

        if (spec.Start + spec.Size < spec.Start)
        {
            throw new SimException(FailureKind.InvalidSize,
                $"Start {ByteSize.Hex(spec.Start)} + size {ByteSize.Format(spec.Size)} runs past the end of the 64-bit address space.", spec.Start);
        }

        if (!System.Enum.IsDefined(typeof(DeviceType), spec.Type))
        {
            throw new SimException(FailureKind.InvalidDeviceType,
                $"Device type {(int)spec.Type} is not one of {string.Join(", ", System.Enum.GetNames(typeof(DeviceType)))}.", spec.Type);
        }

        if (k.Nodes.Find(n => n.Id == spec.Node) is null)
        {
            throw new SimException(FailureKind.NodeNotFound, $"Node {spec.Node} does not exist on this machine.", spec.Node);
        }

        bool nvdimm = spec.Type == DeviceType.FsDax || spec.Type == DeviceType.DevDax;
        bool overrides = spec.AltmapReservePages.HasValue || spec.AltmapFreePages.HasValue;
        if (spec.AltmapReservePages.HasValue != spec.AltmapFreePages.HasValue)
        {
            throw new SimException(FailureKind.InvalidAltmap, "AltmapReservePages and AltmapFreePages must be given together.", spec.Name);
        }

        if (spec.Type == DeviceType.Private && (spec.Altmap || overrides))
        {
            throw new SimException(FailureKind.InvalidAltmap,
                "DEVICE_PRIVATE memory has no linear map, so altmap_alloc_block_buf could not hand out its pfns; it cannot have an altmap.", spec.Name);
        }

        if (!nvdimm && spec.Altmap && !overrides)
        {
            throw new SimException(FailureKind.InvalidAltmap,
                $"{spec.Type} memory gets an altmap only from AltmapReservePages/AltmapFreePages (only nvdimm map=dev computes one).", spec.Name);
        }

        ulong rangeStart = spec.Start, rangeSize = spec.Size, usable = spec.Size, align = 0, daxStart = spec.Start;
        VmemAltmap? altmap = null;
        if (nvdimm)
        {
            RefuseBadInfoBlock(k, spec);
            NdPfnGeometry pfn = NdPfnGeometry.Compute(g, spec.Start, spec.Size, spec.Align, spec.Altmap);
            if (pfn.Underflow is not null)
            {
                CheckRange(k, spec, spec.Start, spec.Size);
                return new DeviceState { Spec = spec, RangeStart = spec.Start, RangeSize = 0, Align = pfn.NdAlign, InfoBlockUnderflow = pfn.Underflow };
            }

            rangeStart = pfn.RangeStart;
            rangeSize = pfn.RangeSize;
            usable = pfn.Npfns << g.PageShift;
            align = pfn.NdAlign;
            daxStart = spec.Start + pfn.DataOffset;
            if (spec.Altmap)
            {
                altmap = new VmemAltmap(pfn.AltmapBasePfn, (rangeStart + rangeSize - 1) >> g.PageShift, pfn.AltmapReserve, pfn.AltmapFree);
            }
        }
        else
        {
            k.CheckPfnSpan(spec.Start, spec.Size, spec.Start);
        }

        if (overrides)
        {
            altmap = new VmemAltmap(rangeStart >> g.PageShift, (rangeStart + rangeSize - 1) >> g.PageShift, spec.AltmapReservePages!.Value,
                spec.AltmapFreePages!.Value);
        }

        if (altmap is not null && altmap.Offset > rangeSize >> g.PageShift)
        {
            throw new SimException(FailureKind.AltmapTooSmall,
                $"memory add fail, invalid altmap: reserve + free = {altmap.Offset} pfns exceeds the {rangeSize >> g.PageShift} pfns of the range.",
                spec.Name, Errno.EINVAL, "__add_pages");
        }

        CheckRange(k, spec, rangeStart, rangeSize);
        return new DeviceState
        {
            VmemmapShift = DevDaxVmemmapShift(k, spec, align),
            Spec = spec, RangeStart = rangeStart, RangeSize = rangeSize, Altmap = altmap,
            MemmapLocation = spec.Altmap || overrides ? MemmapLocation.Device : MemmapLocation.SystemRam,
            UsableBytes = usable, Align = align, DaxStart = daxStart, DaxSize = usable, AltmapTemplate = altmap?.Clone(),
            Mode = spec.Type == DeviceType.DevDax || spec.Type == DeviceType.Generic ? DeviceMode.DevDax : DeviceMode.ZoneDevice,
        };
    }

    /// <summary>
    /// mirrors dev_dax_probe (drivers/dax/device.c, v5.17+, 14606001efb4): pgmap->vmemmap_shift =
    /// order_base_2(align >> PAGE_SHIFT) when dev_dax->align > PAGE_SIZE. The align of an nvdimm devdax is the
    /// pfn device's; a driver-provided range (hmem, CXL) starts with its region's PMD_SIZE and may be set to
    /// PAGE_SIZE, the only other size dax_align_valid accepts on arm64 (no PUD-sized THP).
    /// </summary>
    private static int DevDaxVmemmapShift(Kernel k, DeviceSpec spec, ulong ndAlign)
    {
        if (spec.Type != DeviceType.DevDax && spec.Type != DeviceType.Generic)
        {
            return 0;
        }

        ulong align = spec.Type == DeviceType.DevDax ? ndAlign : spec.Align ?? k.G.PmdSize;
        if (spec.Type == DeviceType.Generic && align != k.G.PageSize && align != k.G.PmdSize)
        {
            throw new SimException(FailureKind.UnsupportedAlignment,
                $"device-dax align {ByteSize.Format(align)} is not supported on arm64 with {k.G.PageSize / 1024}K pages; dax_align_valid accepts {ByteSize.Format(k.G.PageSize)} or {ByteSize.Format(k.G.PmdSize)}.",
                align, Errno.EINVAL, "dev_dax_validate_align");
        }

        if (!k.P.Has(Versions.KernelSwitch.CompoundDevmaps) || align <= k.G.PageSize)
        {
            return 0;
        }

        int shift = 0;
        for (ulong n = align >> k.G.PageShift; n > 1; n >>= 1)
        {
            shift++;
        }

        return shift;
    }

    // nd_pfn_validate on an info block nd_pfn_init wrote with a wrapped npfns: the stored alignment exceeds the
    // capacity it computes, so the probe fails before anything is mapped.
    private static void RefuseBadInfoBlock(Kernel k, DeviceSpec spec)
    {
        foreach (BadInfoBlock b in k.BadInfoBlocks)
        {
            if (b.Start == spec.Start && b.Size == spec.Size)
            {
                throw new SimException(FailureKind.HotplugFailed,
                    $"nd_pfn_validate: alignment: {b.Align:x} exceeds capacity {b.Size:x} (the info block a v6.6+ nd_pfn_init wrote with a wrapped npfns is still on the media).",
                    spec.Name, Errno.EOPNOTSUPP, "nd_pfn_validate");
            }
        }
    }

    // mirrors pagemap_range's order (mm/memremap.c, v5.10+): the get_dev_pagemap conflict (-ENOMEM), region_intersects
    // (-ENXIO), then mhp_range_allowed (v5.12+: -EINVAL); before v5.12 arch_add_memory's inside_linear_region (v5.10,
    // v5.11: -EINVAL, before __add_pages) and __add_pages' check_hotplug_memory_addressable (-E2BIG); v5.8/v5.9 map
    // outside the linear region unchecked.
    private static void CheckRange(Kernel k, DeviceSpec spec, ulong start, ulong size)
    {
        Arm64Geometry g = k.G;
        ulong end = start + size;
        if (k.Devices.Overlapping(start, end) is DeviceState d)
        {
            throw new SimException(FailureKind.DeviceMemoryOverlap,
                $"Range {ByteSize.Hex(start)}-{ByteSize.Hex(end - 1)} overlaps device '{d.Name}' (get_dev_pagemap conflict).",
                start, Errno.ENOMEM, "pagemap_range");
        }

        foreach (NodeMemory n in k.Nodes)
        {
            foreach ((ulong s, ulong e) in n.Ranges)
            {
                if (k.PaOf(s) < end && start < k.PaOf(e))
                {
                    throw new SimException(FailureKind.DeviceMemoryOverlap,
                        $"Range {ByteSize.Hex(start)}-{ByteSize.Hex(end - 1)} intersects System RAM of node {n.Id} (region_intersects != REGION_DISJOINT).",
                        start, Errno.ENXIO, "memremap_pages");
                }
            }
        }

        foreach (SystemRamState r in k.SystemRam)
        {
            if (r.Start < end && start < r.End)
            {
                throw new SimException(FailureKind.DeviceMemoryOverlap,
                    $"Range {ByteSize.Hex(start)}-{ByteSize.Hex(end - 1)} intersects hot-added {r.ResourceName} '{r.Name}' (region_intersects != REGION_DISJOINT).",
                    start, Errno.ENXIO, "memremap_pages");
            }
        }

        bool needMapping = spec.Type != DeviceType.Private; // MEMORY_DEVICE_PRIVATE goes through add_pages: no linear map
        bool beyondPhysmem = end > 1UL << g.PaBits;
        bool outsideLinear = needMapping && !LinearRegion.Holds(k, start, end);
        if (k.P.MappableRangeCheck)
        {
            if (beyondPhysmem || outsideLinear)
            {
                throw new SimException(FailureKind.OutsideMappableRange, LinearRegion.ExceedsMessage(k, start, end, needMapping),
                    start, Errno.EINVAL, "pagemap_range");
            }
        }
        else
        {
            if (outsideLinear && LinearRegion.Checked(k))
            {
                throw LinearRegion.InsideLinearRegionRefusal(start, end);
            }

            if (beyondPhysmem)
            {
                throw new SimException(FailureKind.OutsideMappableRange,
                    $"Range {ByteSize.Hex(start)}-{ByteSize.Hex(end - 1)} exceeds MAX_PHYSMEM_BITS ({g.PaBits}) (__add_pages: check_hotplug_memory_addressable).",
                    start, Errno.E2BIG, "check_hotplug_memory_addressable");
            }

            if (outsideLinear)
            {
                LinearRegion.CheckUncheckedAlias(k, start, size, $"Device '{spec.Name}'");
            }
        }

        LinearRegion.CheckStructPagesPlaceable(k, start, end);
    }
}
