using System.Collections.Generic;
using VmemmapPS.Core.Drivers.Nvdimm;
using VmemmapPS.Core.Units;

namespace VmemmapPS.Core.Sim;

/// <summary>
/// States the simulated kernel reached through one of its own flaws, which it does not notice itself: an
/// info block written with a wrapped npfns, and a linear alias mapped outside the linear region by a release
/// that does not check for it.
/// </summary>
internal static class KernelBugInvariants
{
    public static void Check(Kernel k, List<InvariantFinding> findings)
    {
        foreach (BadInfoBlock b in k.BadInfoBlocks)
        {
            NdPfnUnderflow u = b.Underflow;
            ulong end = b.Start + b.Size;
            string reach = u.AltmapSpanBytes > b.Size
                ? $"; with map=dev its reserve and altmap span {ByteSize.Format(u.AltmapSpanBytes)} from the namespace start, " +
                  $"{ByteSize.Format(u.AltmapSpanBytes - b.Size)} past its end at {ByteSize.Hex(end)}"
                : string.Empty;
            InvariantChecker.Add(findings, "InfoBlockOutOfRange", end, null,
                $"The namespace {ByteSize.Hex(b.Start)}-{ByteSize.Hex(end - 1)} holds an info block nd_pfn_init wrote after size - end_trunc underflowed " +
                $"(dataoff {ByteSize.Hex(u.DataOffset)}, end_trunc {ByteSize.Hex(u.EndTrunc)}, npfns 0x{u.Npfns:X}): it describes memory outside the namespace{reach}. " +
                "Every probe of it fails in nd_pfn_validate until the info block is rewritten.");
        }

        if (LinearRegion.Checked(k))
        {
            return;
        }

        foreach (DeviceState d in k.Devices)
        {
            if (d.Type != DeviceType.Private && !LinearRegion.Holds(k, d.RangeStart, d.RangeStart + d.RangeSize))
            {
                ReportAlias(k, findings, d.RangeStart, d.RangeSize, d.Name);
            }
        }

        foreach (SystemRamState r in k.SystemRam)
        {
            if (!LinearRegion.Holds(k, r.Start, r.End))
            {
                ReportAlias(k, findings, r.Start, r.End - r.Start, r.Name);
            }
        }
    }

    private static void ReportAlias(Kernel k, List<InvariantFinding> findings, ulong start, ulong size, string name)
    {
        ulong va = k.PhysToVirt(start);
        InvariantChecker.Add(findings, "LinearAliasOutsideLinearRegion", va, name,
            $"The linear alias of {ByteSize.Hex(start)}-{ByteSize.Hex(start + size - 1)} is mapped at {ByteSize.Hex(va)}-{ByteSize.Hex(va + size - 1)}, " +
            $"outside the linear region [{ByteSize.Hex(k.G.PageOffset)}-{ByteSize.Hex(k.G.PageEnd - 1)}): kernel {k.P.Version} has no " +
            "inside_linear_region check (v5.10), so arch_add_memory mapped it where other kernel mappings belong.");
    }
}
