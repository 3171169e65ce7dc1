using System.Globalization;
using System.Text;
using VmemmapPS.Core.Arch.Arm64;

namespace VmemmapPS.Core.Sim;

/// <summary>
/// Text like /sys/kernel/debug/kernel_page_tables (arch/arm64/mm/ptdump.c): address markers, then one line per
/// run of leaves with the same level and attributes.
/// </summary>
internal static class PtDump
{
    public static string Render(Kernel k)
    {
        var sb = new StringBuilder();
        Section(sb, k, "Linear Mapping", k.G.PageOffset, k.G.PageEnd);
        Section(sb, k, "vmemmap", k.G.VmemmapStart, k.G.VmemmapEnd);
        return sb.ToString();
    }

    private static void Section(StringBuilder sb, Kernel k, string name, ulong start, ulong end)
    {
        sb.Append("---[ ").Append(name).Append(" start ]---\n");
        LeafRun? open = null;
        foreach (LeafRun r in k.LeafRuns(start, end))
        {
            // ptdump merges by level and attributes only: contiguous VA is enough
            if (open is LeafRun o && o.Level == r.Level && o.Va + o.Size == r.Va)
            {
                o.Size += r.Size;
                open = o;
                continue;
            }

            if (open is LeafRun done)
            {
                Line(sb, done);
            }

            open = r;
        }

        if (open is LeafRun last)
        {
            Line(sb, last);
        }

        sb.Append("---[ ").Append(name).Append(" end ]---\n");
    }

    private static void Line(StringBuilder sb, LeafRun r)
    {
        string level = PageTableLevelNames.Of(r.Level);
        string blk = r.Level == 3 ? "   " : "BLK";
        sb.Append("0x").Append(r.Va.ToString("x16", CultureInfo.InvariantCulture))
          .Append("-0x").Append((r.Va + r.Size).ToString("x16", CultureInfo.InvariantCulture))
          .Append(SizeText(r.Size).PadLeft(10))
          .Append(' ').Append(level.PadRight(5))
          .Append("     RW NX SHD AF NG         ").Append(blk).Append(" UXN    MEM/NORMAL\n");
    }

    /// <summary>ptdump's size column: the largest unit that divides (K, M, G, T).</summary>
    private static string SizeText(ulong size)
    {
        string[] units = { "", "K", "M", "G", "T", "P" };
        int u = 0;
        while (u < units.Length - 1 && size >= 1024 && size % 1024 == 0)
        {
            size /= 1024;
            u++;
        }

        return size.ToString(CultureInfo.InvariantCulture) + units[u];
    }
}
