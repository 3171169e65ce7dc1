using System.Collections.Generic;
using System.Linq;

namespace VmemmapPS.Reference;

/// <summary>Which table pages free_empty_tables leaves behind when a range is torn down (docs/kernel-model.md#free_empty_tables).</summary>
public static class TeardownRules
{
    /// <summary>
    /// Of the tables only this range used, those the kernel keeps: tables whose span is not inside
    /// [floor, ceiling) (pgtable_range_aligned), and every parent of a kept table (its entry stays non-none).
    /// </summary>
    public static List<(int Level, ulong Index)> Kept(RefGeometry g, IEnumerable<(int Level, ulong Index)> ownTables, ulong start, ulong end, ulong floor, ulong ceiling)
    {
        var own = ownTables.OrderByDescending(t => t.Level).ToList();
        var kept = new List<(int Level, ulong Index)>();
        foreach ((int level, ulong index) in own)
        {
            bool childKept = kept.Any(k => k.Level == level + 1 && (k.Index >> g.BitsPerLevel) == index);
            if (childKept || !PgtableRange.Freeable(g, level, index, start, end, floor, ceiling))
            {
                kept.Add((level, index));
            }
        }

        return kept;
    }
}
