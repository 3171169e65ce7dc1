using VmemmapPS.Core.Units;

namespace VmemmapPS.Core.Arch.Arm64;

/// <summary>The platform a machine boots on unless told otherwise: QEMU's arm64 'virt' board, whose DRAM starts at 1 GiB.</summary>
public static class VirtPlatform
{
    /// <summary>VIRT_MEM base of hw/arm/virt.c: the first byte of RAM.</summary>
    public const ulong DramBase = 0x4000_0000;

    /// <summary>RAM of a machine described without nodes.</summary>
    public const ulong DefaultRamSize = 8 * ByteSize.GiB;
}
