using System.Collections.Generic;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Units;
using VmemmapPS.Core.Versions;

namespace VmemmapPS.Core.Sim;

/// <summary>
/// The physical range the linear map [PAGE_OFFSET, PAGE_END) can hold, and what each release does with memory
/// outside it: v5.8 and v5.9 map it anyway, v5.10 and v5.11 refuse in arch_add_memory (inside_linear_region),
/// v5.12+ in mhp_range_allowed (arch_get_mappable_range).
/// </summary>
internal static class LinearRegion
{
    /// <summary>First and last physical address of the linear map: __pa(PAGE_OFFSET) .. __pa(PAGE_END - 1).</summary>
    public static (ulong First, ulong Last) Span(Kernel k) => (k.MemstartAddr, k.MemstartAddr + (k.G.PageEnd - k.G.PageOffset) - 1);

    public static bool Holds(Kernel k, ulong start, ulong end)
    {
        (ulong first, ulong last) = Span(k);
        return start >= first && end - 1 <= last && end > start;
    }

    /// <summary>True where the release checks the range before mapping it (58284a901b42, v5.10).</summary>
    public static bool Checked(Kernel k) => k.P.Has(KernelSwitch.LinearRegionCheck);

    /// <summary>mirrors inside_linear_region's refusal in arch_add_memory (v5.10, v5.11: pr_err, -EINVAL).</summary>
    public static SimException InsideLinearRegionRefusal(ulong start, ulong end) =>
        new(FailureKind.OutsideMappableRange,
            $"[{start:x} {end:x}] is outside linear mapping region (arch_add_memory: inside_linear_region).",
            start, Errno.EINVAL, "arch_add_memory");

    /// <summary>mirrors mhp_range_allowed's pr_warn (v5.12+); the caller decides the errno.</summary>
    public static string ExceedsMessage(Kernel k, ulong start, ulong end, bool needMapping)
    {
        ulong maxPhys = (1UL << k.G.PaBits) - 1;
        (ulong first, ulong last) = needMapping ? Span(k) : (0UL, maxPhys);
        if (last > maxPhys)
        {
            last = maxPhys;
        }

        // printed as the kernel prints it: the request's end exclusive, the allowed range's end inclusive
        return $"Hotplug memory [0x{start:x}-0x{end:x}] exceeds maximum addressable range [0x{first:x}-0x{last:x}] (mhp_range_allowed).";
    }

    /// <summary>
    /// Not a kernel check: where the struct pages of [start, end) would sit below VMEMMAP_START (a range below
    /// memstart_addr, which only an unchecked release or a private device gets this far with) or wrap past the top
    /// of the address space, the kernel would populate and initialise a memmap over unrelated mappings; the
    /// simulator stops before (no errno: the kernel returns none).
    /// </summary>
    public static void CheckStructPagesPlaceable(Kernel k, ulong start, ulong end)
    {
        if (start < k.MemstartAddr)
        {
            throw new SimException(FailureKind.OutsideMappableRange,
                $"The struct pages of {ByteSize.Hex(start)}-{ByteSize.Hex(end - 1)} would sit below VMEMMAP_START (the range starts below memstart_addr {ByteSize.Hex(k.MemstartAddr)}). Not simulated.",
                start);
        }

        if (k.PfnToPage(end >> k.G.PageShift) < k.G.VmemmapStart)
        {
            throw new SimException(FailureKind.OutsideMappableRange,
                $"The struct pages of {ByteSize.Hex(start)}-{ByteSize.Hex(end - 1)} would wrap past the top of the address space. Not simulated.", start);
        }
    }

    /// <summary>
    /// v5.8/v5.9: nothing checks the range, so arch_add_memory maps its linear alias at __phys_to_virt(start),
    /// outside [PAGE_OFFSET, PAGE_END). The simulator follows when that VA range is empty (the invariant checker
    /// then reports the alias); where it would land on live kernel mappings the kernel BUG()s in
    /// __create_pgd_mapping (pgattr_change_is_safe / pud_sect), and the simulator stops before it.
    /// </summary>
    public static void CheckUncheckedAlias(Kernel k, ulong start, ulong size, string what)
    {
        ulong va = k.PhysToVirt(start);
        ulong vaEnd = va + size;
        if (vaEnd != 0 && vaEnd < va)
        {
            throw new SimException(FailureKind.OutsideMappableRange,
                $"{what}: kernel {k.P.Version} has no linear-region check (inside_linear_region came in v5.10); the linear alias of " +
                $"{ByteSize.Hex(start)}-{ByteSize.Hex(start + size - 1)} would start at {ByteSize.Hex(va)} and wrap past the top of the address space. Not simulated.",
                start);
        }

        List<LeafRun> live = k.LeafRuns(va, vaEnd);
        if (live.Count > 0)
        {
            throw new SimException(FailureKind.OutsideMappableRange,
                $"{what}: kernel {k.P.Version} has no linear-region check (inside_linear_region came in v5.10); arch_add_memory would map the linear alias of " +
                $"{ByteSize.Hex(start)}-{ByteSize.Hex(start + size - 1)} at {ByteSize.Hex(va)}-{ByteSize.Hex(vaEnd - 1)}, over live kernel mappings at " +
                $"{ByteSize.Hex(live[0].Va)}, and BUG() in __create_pgd_mapping. Not simulated.",
                start);
        }
    }
}
