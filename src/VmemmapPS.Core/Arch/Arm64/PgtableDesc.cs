namespace VmemmapPS.Core.Arch.Arm64;

/// <summary>Kind of an arm64 translation-table descriptor as the kernel's pXd_none/pXd_table/pXd_sect see it.</summary>
internal enum DescKind
{
    None = 0,
    Table = 1,
    Block = 2,
    Page = 3,
}

/// <summary>
/// A descriptor packed into one ulong: output address in the page-aligned bits, kind in bits 0-1
/// (arm64 keeps attributes in the low bits too; the simulator only needs the kind).
/// </summary>
internal static class PgtableDesc
{
    public const ulong None = 0;

    public static ulong Make(DescKind kind, ulong pa) => pa | (ulong)kind;

    public static DescKind Kind(ulong desc) => (DescKind)(desc & 3);

    public static ulong Pa(ulong desc) => desc & ~0xFFFUL;

    public static bool IsLeaf(ulong desc) => Kind(desc) == DescKind.Block || Kind(desc) == DescKind.Page;
}
