using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VmemmapPS.Core;
using VmemmapPS.Core.Units;

namespace VmemmapPS.Report;

/// <summary>Measure-Vmemmap -Size rows: one cost point each, a table, and the command that reproduces them.</summary>
internal static class SizingReader
{
    public static void Add(ReportDocument doc, IReadOnlyList<SizingRow> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var table = new ReportTable("Sizing matrix (Measure-Vmemmap)", "Size", "Page", "Kernel", "Memmap", "Struct pages in RAM",
            "Struct pages on device", "Page tables", "Usable", "RAM used", "RAM %", "Device %");
        foreach (SizingRow r in rows)
        {
            doc.SeeKernel(r.KernelVersion);
            string series = Labels.Series(r.PageSize, r.KernelVersion, r.MemmapLocation);
            doc.Costs.Add(ReportDocument.Cost("Measure-Vmemmap", $"{ByteSize.FormatCompact(r.Size)} · {series}", series, r.Size,
                r.VmemmapFromSystemRamBytes, r.VmemmapFromAltmapBytes, r.VmemmapPageTableBytes, r.LinearMapPageTableBytes,
                r.SystemRamUsedBytes, r.Size - r.UsableBytes));
            table.Rows.Add(new[]
            {
                ByteSize.FormatCompact(r.Size), ByteSize.FormatCompact(r.PageSize), r.KernelVersion, Labels.Memmap(r.MemmapLocation),
                ByteSize.Format(r.VmemmapFromSystemRamBytes), ByteSize.Format(r.VmemmapFromAltmapBytes), ByteSize.Format(r.PageTableBytes),
                ByteSize.Format(r.UsableBytes), ByteSize.Format(r.SystemRamUsedBytes),
                r.SystemRamPercent.ToString("0.00", CultureInfo.InvariantCulture), r.DevicePercent.ToString("0.00", CultureInfo.InvariantCulture),
            });
        }

        doc.Tables.Add(table);
        doc.Inputs.Add(new("Sizing matrix", Command(rows)));
    }

    // The call that gives the same rows back (when they came from one call; several calls give their union).
    private static string Command(IReadOnlyList<SizingRow> rows)
    {
        string sizes = string.Join(",", rows.Select(r => r.Size).Distinct().Select(ByteSize.FormatCompact).Select(s => $"'{s}'"));
        string pages = string.Join(",", rows.Select(r => r.PageSize).Distinct().Select(ByteSize.FormatCompact).Select(s => $"'{s}'"));
        string kernels = string.Join(",", rows.Select(r => r.KernelVersion).Distinct().Select(k => $"'{k}'"));
        string memmaps = string.Join(",", rows.Select(r => r.MemmapLocation).Distinct());
        return $"Measure-Vmemmap -Size {sizes} -PageSize {pages} -KernelVersion {kernels} -Memmap {memmaps}\n" +
               $"# {rows.Count} row(s); alignment per row: {string.Join(",", rows.Select(r => r.Align).Distinct().Select(ByteSize.FormatCompact))}";
    }
}
