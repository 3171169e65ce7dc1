using System.Collections.Generic;

namespace VmemmapPS.Core;

/// <summary>Everything needed to boot a simulated machine. Export-SimScenario writes exactly this back.</summary>
public sealed class MachineConfig
{
    public string Name { get; init; } = "sim0";

    /// <summary>4096, 16384 or 65536.</summary>
    public ulong PageSize { get; init; } = 4096;

    /// <summary>CONFIG_ARM64_VA_BITS; 0 = the Kconfig default for the page size (48).</summary>
    public int VaBits { get; init; }

    /// <summary>Kernel release as uname -r prints it (<see cref="Versions.KernelProfile.DefaultVersion"/> by default, "6.12.107+deb12-arm64"); resolved against the kernel timeline.</summary>
    public string KernelVersion { get; init; } = Versions.KernelProfile.DefaultVersion;

    /// <summary>rodata_full (can_set_direct_map): hot-added linear map is page granular. On by default as on arm64.</summary>
    public bool RodataFull { get; init; } = true;

    /// <summary>
    /// Every CPU implements BBML2 without conflict aborts (system_supports_bbml2_noabort). From v6.18 the linear map
    /// then keeps block mappings under rodata_full; earlier releases do not look. Off by default: the CPU allow-list is short.
    /// </summary>
    public bool Bbml2NoAbort { get; init; }

    /// <summary>
    /// memhp_default_state (CONFIG_MEMORY_HOTPLUG_DEFAULT_ONLINE; CONFIG_MHP_DEFAULT_ONLINE_TYPE_* from v6.14): how
    /// add_memory onlines the blocks it adds by itself. None is the mainline default; Debian's arm64 kernels online.
    /// </summary>
    public OnlineType DefaultOnlineType { get; init; } = OnlineType.None;

    /// <summary>Nodes with their RAM. Empty = one node 0 with <see cref="Arch.Arm64.VirtPlatform.DefaultRamSize"/> at <see cref="Arch.Arm64.VirtPlatform.DramBase"/>.</summary>
    public List<NodeConfig> Nodes { get; init; } = new();
}
