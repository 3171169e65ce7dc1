using System.Collections.Generic;
using System.Linq;

namespace VmemmapPS.Reference;

/// <summary>
/// The set of page-table pages (below the static PGD) that a set of kernel mappings needs, keyed by level and
/// by the index of the VA span each table covers. Mirrors what pgd/p4d/pud/pmd_populate and
/// __create_pgd_mapping allocate: one table per distinct span touched, at every level above the leaf.
/// </summary>
public sealed class TableSet
{
    private readonly RefGeometry geometry;
    private readonly SortedDictionary<int, SortedSet<ulong>> tables = new();

    public TableSet(RefGeometry geometry)
    {
        this.geometry = geometry;
    }

    public int Total => tables.Values.Sum(s => s.Count);

    public int At(int level) => tables.TryGetValue(level, out SortedSet<ulong>? s) ? s.Count : 0;

    public IEnumerable<(int Level, ulong Index)> All => tables.SelectMany(kv => kv.Value.Select(i => (kv.Key, i)));

    public bool Contains(int level, ulong index) => tables.TryGetValue(level, out SortedSet<ulong>? s) && s.Contains(index);

    /// <summary>Leaf entries at <paramref name="leafLevel"/> covering [start, end): every table from below the PGD down to the leaf's table.</summary>
    public TableSet MapLeaves(ulong start, ulong end, int leafLevel)
    {
        for (int level = geometry.TopLevel + 1; level <= leafLevel; level++)
        {
            int shift = geometry.LevelShift(level - 1);
            for (ulong i = start >> shift; i <= (end - 1) >> shift; i++)
            {
                Add(level, i);
            }
        }

        return this;
    }

    /// <summary>
    /// Linear map of [start, end) as __create_pgd_mapping builds it: page-granular when NO_BLOCK_MAPPINGS
    /// (rodata_full), else PUD blocks (4K only, use_1G_block) and PMD blocks where a whole aligned entry fits.
    /// </summary>
    public TableSet MapLinear(ulong start, ulong end, bool pageGranular)
    {
        MapLinearLevel(start, end, geometry.TopLevel, pageGranular);
        return this;
    }

    /// <summary>Tables of this set that <paramref name="other"/> does not have (what an add must allocate).</summary>
    public List<(int Level, ulong Index)> Except(TableSet other) => All.Where(t => !other.Contains(t.Level, t.Index)).ToList();

    public TableSet Union(TableSet other)
    {
        var result = new TableSet(geometry);
        foreach ((int level, ulong index) in All.Concat(other.All))
        {
            result.Add(level, index);
        }

        return result;
    }

    private void MapLinearLevel(ulong start, ulong end, int level, bool pageGranular)
    {
        if (level > geometry.TopLevel)
        {
            int tableShift = geometry.LevelShift(level - 1);
            for (ulong i = start >> tableShift; i <= (end - 1) >> tableShift; i++)
            {
                Add(level, i);
            }
        }

        if (level == 3)
        {
            return;
        }

        ulong entry = geometry.EntrySize(level);
        bool blockHere = !pageGranular && (level == 2 || (level == 1 && geometry.PageSize == 4096));
        ulong addr = start;
        while (addr < end)
        {
            ulong next = RefGeometry.AlignDown(addr, entry) + entry;
            if (next > end || next == 0)
            {
                next = end;
            }

            bool whole = addr % entry == 0 && next - addr == entry;
            if (!(blockHere && whole))
            {
                MapLinearLevel(addr, next, level + 1, pageGranular);
            }

            addr = next;
        }
    }

    private void Add(int level, ulong index)
    {
        if (!tables.TryGetValue(level, out SortedSet<ulong>? set))
        {
            set = new SortedSet<ulong>();
            tables[level] = set;
        }

        set.Add(index);
    }
}
