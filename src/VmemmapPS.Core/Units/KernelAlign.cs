namespace VmemmapPS.Core.Units;

/// <summary>The kernel's ALIGN, ALIGN_DOWN and IS_ALIGNED (include/linux/align.h): the alignment is a power of two.</summary>
internal static class KernelAlign
{
    public static ulong Up(ulong value, ulong alignment) => (value + alignment - 1) & ~(alignment - 1);

    public static ulong Down(ulong value, ulong alignment) => value & ~(alignment - 1);

    public static bool IsAligned(ulong value, ulong alignment) => (value & (alignment - 1)) == 0;
}
