using VmemmapPS.Core.Sim;

namespace VmemmapPS.Core.Mm;

/// <summary>
/// What the generic mm code calls but does not define: the architecture's hotplug and vmemmap functions
/// (arch/arm64/mm/mmu.c, implemented by <see cref="Arch.Arm64.Arm64Mm"/>) and the memory block devices of
/// drivers/base/memory.c (implemented by <see cref="Drivers.Base.MemoryBlockDevices"/>). In the kernel these are
/// link-time dependencies; here they are abstract members, so mm/ compiles without naming an architecture.
/// </summary>
internal abstract partial class GenericMm
{
    /// <summary>arch_add_memory: linear map, then __add_pages. Returns (errno, function that failed).</summary>
    public abstract (int Errno, string? Function) ArchAddMemory(int nid, ulong start, ulong size, VmemAltmap? altmap);

    /// <summary>arch_remove_memory: __remove_pages, then the linear map.</summary>
    public abstract void ArchRemoveMemory(ulong start, ulong size, VmemAltmap? altmap);

    /// <summary>vmemmap_populate(start, end, node, altmap): 0 or -ENOMEM.</summary>
    public abstract int VmemmapPopulate(ulong start, ulong end, int node, VmemAltmap? altmap);

    /// <summary>vmemmap_free(start, end, altmap).</summary>
    public abstract void VmemmapFree(ulong start, ulong end, VmemAltmap? altmap);

    /// <summary>
    /// Not a kernel function: vmemmap_populate over a run of sections, as if called once per section chunk of
    /// callSize bytes (the run-compressed form of section_activate's loop, see SectionRuns.cs).
    /// </summary>
    protected abstract int VmemmapPopulateRange(ulong start, ulong end, ulong callSize, int node, VmemAltmap? altmap);

    /// <summary>
    /// vmemmap_check_pmd: whether vmemmap_populate_hugepages may keep the PMD it found already populated (the
    /// kernel has a weak default in mm/sparse-vmemmap.c; arm64 overrides it).
    /// </summary>
    protected abstract bool VmemmapCheckPmd(ulong desc, int node, ulong addr, ulong next);

    /// <summary>Whether the architecture maps the vmemmap with PMD blocks (arm64: 4K pages).</summary>
    protected abstract bool Uses4kSectionMaps { get; }

    /// <summary>create_memory_block_devices (drivers/base/memory.c): the memory blocks of a hot-added range.</summary>
    protected abstract int CreateMemoryBlockDevices(SystemRamState res, ulong blocks, VmemAltmap? altmap);
}
