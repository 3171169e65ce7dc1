using VmemmapPS.Core.Versions;
using VmemmapPS.Core.Arch.Arm64;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Mm;
using VmemmapPS.Core.Units;

namespace VmemmapPS.Core.Sim;

/// <summary>
/// What add_memory refuses before it changes anything (SimException, machine unchanged): register_memory_resource
/// (range, conflicts) then add_memory_resource (check_hotplug_memory_range, node, memmap_on_memory).
/// </summary>
internal static class SystemRamValidator
{
    public static void Validate(Kernel k, SystemMemorySpec spec)
    {
        SimNames.Validate(spec?.Name, "System RAM name");
        if (spec is null)
        {
            throw new System.ArgumentNullException(nameof(spec));
        }

        if (k.FindDevice(spec.Name) is not null || k.FindSystemRam(spec.Name) is not null)
        {
            throw new SimException(FailureKind.DuplicateDeviceName, $"A device or System RAM named '{spec.Name}' already exists on this machine.", spec.Name);
        }

        if (spec.Size == 0 || spec.Start + spec.Size < spec.Start)
        {
            throw new SimException(FailureKind.InvalidSize, $"Size {spec.Size} is zero or overflows the address space.", spec.Size);
        }

        if (k.Nodes.Find(n => n.Id == spec.Node) is null)
        {
            throw new SimException(FailureKind.NodeNotFound, $"Node {spec.Node} does not exist on this machine (add_memory_resource: !node_possible).",
                spec.Node, Errno.EINVAL, "add_memory_resource");
        }

        CheckRange(k, spec.Start, spec.Size);
        ulong mbs = k.G.MemoryBlockSize;
        if (spec.Start % mbs != 0 || spec.Size % mbs != 0)
        {
            throw new SimException(FailureKind.UnalignedRange,
                $"Block size [{ByteSize.Hex(mbs)}] unaligned hotplug range: start {ByteSize.Hex(spec.Start)}, size {ByteSize.Hex(spec.Size)} (check_hotplug_memory_range).",
                spec.Start, Errno.EINVAL, "check_hotplug_memory_range");
        }

        if (spec.MemmapOnMemory)
        {
            CheckMemmapOnMemoryRequest(k, spec.Size);
        }

        // v5.10/v5.11: the linear-region check sits in arch_add_memory, after everything above.
        if (!k.P.MappableRangeCheck && LinearRegion.Checked(k) && !LinearRegion.Holds(k, spec.Start, spec.Start + spec.Size))
        {
            throw LinearRegion.InsideLinearRegionRefusal(spec.Start, spec.Start + spec.Size);
        }
    }

    /// <summary>MHP_MEMMAP_ON_MEMORY: absent before v5.13; an unsupported request is -EINVAL before v6.6, then falls back.</summary>
    public static void CheckMemmapOnMemoryRequest(Kernel k, ulong size)
    {
        if (!k.P.Has(KernelSwitch.MemmapOnMemory))
        {
            throw new SimException(FailureKind.NotSupported,
                $"Kernel {k.P.Version} has no memmap_on_memory: MHP_MEMMAP_ON_MEMORY and arm64's ARCH_MHP_MEMMAP_ON_MEMORY_ENABLE arrived in v5.13.",
                k.P.Version, Errno.EOPNOTSUPP, "add_memory_resource");
        }

        if (!k.P.Has(KernelSwitch.MemmapOnMemoryFallback) && !k.MhpSupportsMemmapOnMemory(size))
        {
            throw new SimException(FailureKind.NotSupported,
                $"mhp_supports_memmap_on_memory refuses {ByteSize.Format(size)} on kernel {k.P.Version} with {k.G.PageSize / 1024}K pages: " +
                $"it takes exactly one {ByteSize.Format(k.G.MemoryBlockSize)} block whose {ByteSize.Format(k.MemoryBlockMemmapSize)} memmap is whole PMDs " +
                $"({ByteSize.Format(k.G.PmdSize)}) and leaves whole pageblocks; before v6.6 add_memory_resource fails with -EINVAL.",
                size, Errno.EINVAL, "add_memory_resource");
        }
    }

    // mirrors add_memory_resource's mhp_range_allowed (v5.12+: -E2BIG); before it check_hotplug_memory_addressable
    // (-E2BIG; arch_add_memory's inside_linear_region follows in Validate); v5.8/v5.9 map outside the linear region
    // unchecked.
    private static void CheckRange(Kernel k, ulong start, ulong size)
    {
        Arm64Geometry g = k.G;
        ulong end = start + size;
        bool beyondPhysmem = end > 1UL << g.PaBits;
        bool outsideLinear = !LinearRegion.Holds(k, start, end);
        if (k.P.MappableRangeCheck)
        {
            if (beyondPhysmem || outsideLinear)
            {
                throw new SimException(FailureKind.OutsideMappableRange, LinearRegion.ExceedsMessage(k, start, end, true),
                    start, Errno.E2BIG, "register_memory_resource");
            }
        }
        else if (beyondPhysmem)
        {
            throw new SimException(FailureKind.OutsideMappableRange,
                $"Range {ByteSize.Hex(start)}-{ByteSize.Hex(end - 1)} exceeds MAX_PHYSMEM_BITS ({g.PaBits}) (add_memory_resource: check_hotplug_memory_addressable).",
                start, Errno.E2BIG, "check_hotplug_memory_addressable");
        }
        else if (outsideLinear && !LinearRegion.Checked(k))
        {
            LinearRegion.CheckUncheckedAlias(k, start, size, "System RAM");
            LinearRegion.CheckStructPagesPlaceable(k, start, end);
        }

        foreach (NodeMemory n in k.Nodes)
        {
            foreach ((ulong s, ulong e) in n.Ranges)
            {
                if (k.PaOf(s) < end && start < k.PaOf(e))
                {
                    throw Conflict(start, end, $"boot System RAM of node {n.Id}");
                }
            }
        }

        foreach (SystemRamState r in k.SystemRam)
        {
            if (r.Start < end && start < r.End)
            {
                throw Conflict(start, end, $"{r.ResourceName} '{r.Name}'");
            }
        }

        foreach (DeviceState d in k.Devices)
        {
            if (d.RangeStart < end && start < d.RangeStart + d.RangeSize)
            {
                throw Conflict(start, end, $"device '{d.Name}'");
            }
        }
    }

    private static SimException Conflict(ulong start, ulong end, string what) =>
        new(FailureKind.DeviceMemoryOverlap,
            $"System RAM resource {ByteSize.Hex(start)}-{ByteSize.Hex(end - 1)} cannot be added: it conflicts with {what} (register_memory_resource).",
            start, Errno.EEXIST, "register_memory_resource");
}
