using VmemmapPS.Core.Versions;

namespace VmemmapPS.Core.Arch.Arm64;

/// <summary>Whether the linear map may use block mappings (arch/arm64/mm/mmu.c).</summary>
internal abstract partial class Arm64Mm
{
    /// <summary>
    /// mirrors force_pte_mapping (v6.18+; can_set_direct_map() before), which map_mem and arch_add_memory turn into
    /// NO_BLOCK_MAPPINGS | NO_CONT_MAPPINGS. RodataFull stands for everything can_set_direct_map() counts
    /// (rodata_full, debug_pagealloc, a late KFENCE pool, a realm guest); from v6.18 BBML2_NOABORT on every CPU
    /// lifts it, since the kernel can then split live block mappings when permissions change.
    /// </summary>
    public bool ForcePteMapping => RodataFull && !(Bbml2NoAbort && P.Has(KernelSwitch.Bbml2BlockLinearMap));
}
