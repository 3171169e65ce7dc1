namespace VmemmapPS.Core;

/// <summary>What Add-SystemMemory asks for: add_memory (or add_memory_driver_managed) of a physical range.</summary>
public sealed class SystemMemorySpec
{
    public string Name { get; init; } = string.Empty;

    public ulong Start { get; init; }

    public ulong Size { get; init; }

    public int Node { get; init; }

    /// <summary>memory_hotplug.memmap_on_memory=1 and the caller passes MHP_MEMMAP_ON_MEMORY.</summary>
    public bool MemmapOnMemory { get; init; }

    /// <summary>How to online the new blocks; null = the machine's default online type (memhp_default_state).</summary>
    public OnlineType? Online { get; init; }
}
