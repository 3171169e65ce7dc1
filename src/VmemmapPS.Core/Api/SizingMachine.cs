using System.Collections.Generic;
using VmemmapPS.Core.Arch.Arm64;
using VmemmapPS.Core.Units;
using VmemmapPS.Core.Versions;

namespace VmemmapPS.Core;

/// <summary>
/// The scratch machine the sizing estimates (<see cref="VmemmapSizing"/>, <see cref="SystemRamSizing"/>) boot: one
/// node whose RAM starts at the platform's DRAM base and is large enough to host a RAM-backed memmap of the range
/// (1/64 of it on 4K) plus page-granular linear-map tables and slack.
/// </summary>
internal static class SizingMachine
{
    public const ulong RamBase = VirtPlatform.DramBase;

    /// <summary>RAM to boot with before hot-adding <paramref name="bytes"/>.</summary>
    public static ulong RamFor(ulong bytes) => VirtPlatform.DefaultRamSize + KernelAlign.Up(bytes / 32, ByteSize.GiB);

    /// <summary>Whether [start, start + bytes) is inside the linear map that begins at the DRAM base.</summary>
    public static bool Fits(ulong start, ulong bytes, Arm64Geometry g) =>
        start + bytes >= start && start + bytes - RamBase <= g.PageEnd - g.PageOffset;

    public static SimMachine Boot(Arm64Geometry g, KernelProfile profile, bool rodataFull, ulong ram) =>
        SimMachine.Boot(new MachineConfig
        {
            Name = "sizing", PageSize = g.PageSize, VaBits = g.VaBits, KernelVersion = profile.Version, RodataFull = rodataFull,
            Nodes = new List<NodeConfig> { new() { Id = 0, Ram = new List<RamRange> { new(RamBase, ram) } } },
        });
}
