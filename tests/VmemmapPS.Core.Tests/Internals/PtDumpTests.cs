using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using VmemmapPS.Core.Units;
using Xunit;

namespace VmemmapPS.Core.Tests.Internals;

/// <summary>
/// The page-table dump reads like the kernel's kernel_page_tables file: a start and an end marker per address
/// region, then one line per stretch of contiguous leaves of one level, its size in the largest unit that divides
/// it, "BLK" on block mappings. Read back, the lines must cover what the translation walk finds mapped.
/// </summary>
public class PtDumpTests
{
    private static readonly Regex LineForm = new(
        @"^0x(?<start>[0-9a-f]{16})-0x(?<end>[0-9a-f]{16}) +(?<size>\d+)(?<unit>[KMGTP]?) (?<level>PTE|PMD|PUD) +RW NX SHD AF NG +(?<blk>BLK|   ) UXN +MEM/NORMAL$",
        RegexOptions.CultureInvariant);

    private sealed record DumpLine(ulong Start, ulong End, string Level);

    [Theory]
    [InlineData(4096UL)]
    [InlineData(65536UL)]
    public void DumpLinesAreMergedLeafStretchesWithTheirSizeAndLevel(ulong pageSize)
    {
        SimMachine m = SimMachine.Boot(new MachineConfig { KernelVersion = "6.14", PageSize = pageSize });
        Assert.True(m.AddDevice(new DeviceSpec { Name = "pmem0", Type = DeviceType.FsDax, Start = 64 * ByteSize.GiB, Size = 16 * ByteSize.GiB, Altmap = true }).Success);
        Assert.True(m.AddDevice(new DeviceSpec { Name = "gen0", Type = DeviceType.Generic, Start = 96 * ByteSize.GiB, Size = ByteSize.GiB }).Success);

        string[] lines = m.DumpPageTables().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("---[ Linear Mapping start ]---", lines[0]);
        int linearEnd = Array.IndexOf(lines, "---[ Linear Mapping end ]---");
        Assert.Equal("---[ vmemmap start ]---", lines[linearEnd + 1]);
        Assert.Equal("---[ vmemmap end ]---", lines[^1]);

        List<DumpLine> linear = Parse(lines.Skip(1).Take(linearEnd - 1));
        List<DumpLine> vmemmap = Parse(lines.Skip(linearEnd + 2).Take(lines.Length - linearEnd - 3));
        foreach (List<DumpLine> region in new[] { linear, vmemmap })
        {
            Assert.NotEmpty(region);
            for (int i = 1; i < region.Count; i++)
            {
                Assert.True(region[i].Start >= region[i - 1].End, "lines out of order or overlapping");
                Assert.False(region[i].Start == region[i - 1].End && region[i].Level == region[i - 1].Level,
                    $"0x{region[i - 1].Start:x} and 0x{region[i].Start:x}: contiguous leaves of one level make one line");
            }
        }

        // every line's first and last byte translate; the byte after a line that no other line starts at does not
        List<DumpLine> all = linear.Concat(vmemmap).ToList();
        var starts = new HashSet<ulong>(all.Select(l => l.Start));
        foreach (DumpLine l in all)
        {
            Assert.NotNull(m.TranslateVirtual(l.Start));
            Assert.NotNull(m.TranslateVirtual(l.End - 1));
            if (!starts.Contains(l.End) && l.End != 0)
            {
                Assert.Null(m.TranslateVirtual(l.End));
            }
        }

        // the device's struct pages are all in the vmemmap lines, its linear map in the linear lines
        ulong memmapVa = m.PfnToStructPage(64 * ByteSize.GiB / pageSize);
        Assert.Contains(vmemmap, l => l.Start <= memmapVa && memmapVa < l.End);
        ulong linearVa = m.PhysToVirt(96 * ByteSize.GiB);
        Assert.Contains(linear, l => l.Start <= linearVa && linearVa < l.End);
    }

    private static List<DumpLine> Parse(IEnumerable<string> lines)
    {
        var parsed = new List<DumpLine>();
        foreach (string line in lines)
        {
            Match match = LineForm.Match(line);
            Assert.True(match.Success, $"not a dump line: '{line}'");
            ulong start = ulong.Parse(match.Groups["start"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            ulong end = ulong.Parse(match.Groups["end"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            string level = match.Groups["level"].Value;
            Assert.Equal(SizeText(end - start), match.Groups["size"].Value + match.Groups["unit"].Value);
            Assert.Equal(level != "PTE", match.Groups["blk"].Value == "BLK");
            parsed.Add(new DumpLine(start, end, level));
        }

        return parsed;
    }

    // ptdump's size column: divide by 1024 while it divides, one unit letter per step
    private static string SizeText(ulong bytes)
    {
        const string units = "KMGTP";
        int u = -1;
        while (u < units.Length - 1 && bytes >= 1024 && bytes % 1024 == 0)
        {
            bytes /= 1024;
            u++;
        }

        return bytes.ToString(CultureInfo.InvariantCulture) + (u < 0 ? string.Empty : units[u].ToString());
    }
}
