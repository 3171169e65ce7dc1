using System;
using System.Collections.Generic;

namespace VmemmapPS.Core;

/// <summary>
/// arm64 page-table and sparsemem geometry for one (page size, VA_BITS, kernel profile) (kernel-semantics §1).
/// </summary>
public sealed class Arm64Geometry
{
    private Arm64Geometry()
    {
        throw new NotImplementedException();
    }

    /// <summary>Throws SimException (InvalidGeometry) naming the valid combinations.</summary>
    public static Arm64Geometry Create(ulong pageSize, int vaBits, KernelProfile profile) => throw new NotImplementedException();

    /// <summary>VA_BITS values Kconfig allows for a page size (first = default).</summary>
    public static IReadOnlyList<int> ValidVaBits(ulong pageSize) => throw new NotImplementedException();

    public ulong PageSize => throw new NotImplementedException();
    public int PageShift => throw new NotImplementedException();
    public int VaBits => throw new NotImplementedException();
    public int Levels => throw new NotImplementedException();
    public int PtrsPerTable => throw new NotImplementedException();
    public int PgdirShift => throw new NotImplementedException();
    public int PtrsPerPgd => throw new NotImplementedException();
    public ulong PmdSize => throw new NotImplementedException();
    public ulong PudSize => throw new NotImplementedException();
    public ulong PageOffset => throw new NotImplementedException();
    public ulong PageEnd => throw new NotImplementedException();
    public ulong VmemmapStart => throw new NotImplementedException();
    public ulong VmemmapEnd => throw new NotImplementedException();
    public ulong VmemmapSize => throw new NotImplementedException();
    public int SectionSizeBits => throw new NotImplementedException();
    public ulong SectionSize => throw new NotImplementedException();
    public ulong PagesPerSection => throw new NotImplementedException();
    public ulong SubsectionSize => throw new NotImplementedException();
    public ulong PagesPerSubsection => throw new NotImplementedException();
    public ulong MemoryBlockSize => throw new NotImplementedException();
    public ulong StructPageSize => 64;
}
