using System;
using VmemmapPS.Core.Arch.Arm64;
using VmemmapPS.Core.Sim;
using Xunit;

namespace VmemmapPS.Core.Tests.Internals;

/// <summary>
/// A table page keeps one run of entries instead of 512 ulongs while it can. Whatever it stores, every entry must
/// read back as a plain array of entries says; and the writes its summary promises to keep in run form (a hole
/// outside the run, extending or shrinking either end, a repeated entry) must not expand it, because the cost of
/// a large map depends on that.
/// </summary>
public class TablePageTests
{
    private const int Entries = 512;
    private const ulong Page = 4096;
    private const ulong Pmd = 2UL << 20;

    private static TablePage NewPte() => new(0x1000, 3, Entries, 0xffff000000000000, Page, PageTableRegion.Linear, null, 0, Page);

    // A PMD table: its entries are blocks (stepping by the 2 MiB they map) or tables (stepping by one page).
    private static TablePage NewPmd() => new(0x2000, 2, Entries, 0xffff000000000000, Pmd, PageTableRegion.Vmemmap, null, 0, Page);

    private static ulong PageDesc(ulong pa) => PgtableDesc.Make(DescKind.Page, pa);

    [Theory]
    [InlineData(false, 1)]
    [InlineData(true, 2)]
    [InlineData(true, 3)]
    public void RandomWritesReadBackAsAPlainArrayOfEntries(bool pmdTable, int seed)
    {
        TablePage t = pmdTable ? NewPmd() : NewPte();
        var model = new ulong[Entries];
        var random = new Random(seed);
        bool expanded = false;
        for (int step = 0; step < 4000; step++)
        {
            int first = random.Next(Entries);
            int count = 1 + random.Next(Math.Min(24, Entries - first));
            ulong desc = NextDesc(random, model, first, pmdTable);
            int op = random.Next(6);
            if (desc == 0 && op is 2 or 3)
            {
                op = 4; // the kernel fills with entries and clears with none: a fill of none is a clear
            }

            ulong stride = StrideOf(desc);
            switch (op)
            {
                case 0:
                case 1:
                    t.Set(first, desc);
                    model[first] = desc;
                    break;
                case 2:
                    t.FillRun(first, count, desc);
                    for (int k = 0; k < count; k++)
                    {
                        model[first + k] = desc + (ulong)k * stride;
                    }

                    break;
                case 3:
                    t.FillRepeat(first, count, desc);
                    for (int k = 0; k < count; k++)
                    {
                        model[first + k] = desc;
                    }

                    break;
                case 4:
                    t.ClearRange(first, count);
                    Array.Clear(model, first, count);
                    break;
                default:
                    bool wasUniform = t.Uniform;
                    bool holdsAll = t.Used > 0 && AllUsedWithin(model, first, count);
                    bool cleared = t.TryClearWholeRun(first, count);
                    Assert.Equal(wasUniform && holdsAll, cleared);
                    if (cleared)
                    {
                        Array.Clear(model, first, count);
                    }

                    break;
            }

            expanded |= !t.Uniform;

            AssertSame(model, t, step);
            if (random.Next(40) == 0)
            {
                // start over now and then: the run form is what most of the writes exercise
                t = pmdTable ? NewPmd() : NewPte();
                Array.Clear(model, 0, Entries);
            }
        }

        Assert.True(expanded, "no write broke the run: the expanded form went untested");
    }

    [Fact]
    public void ClearingOutsideTheRunOrItsOnlyEntryKeepsTheRunForm()
    {
        TablePage t = NewPte();
        t.FillRun(10, 4, PageDesc(0x40000000));
        t.Set(3, 0);
        t.Set(200, 0);
        Assert.True(t.Uniform);
        Assert.Equal(4, t.Used);

        TablePage single = NewPte();
        single.Set(7, PageDesc(0x40000000));
        single.Set(7, 0);
        Assert.True(single.Uniform);
        Assert.True(single.Empty);
        single.Set(9, PageDesc(0x50000000)); // a fresh run may start anywhere once the old one is gone
        Assert.True(single.Uniform);
        Assert.Equal(PageDesc(0x50000000), single.Get(9));
    }

    [Fact]
    public void ARepeatedEntryGrowsAtBothEndsWithoutExpanding()
    {
        TablePage t = NewPte();
        ulong shared = PageDesc(0x40000000);
        t.Set(20, shared);
        t.Set(21, shared); // the second equal entry next to the first turns the run into a repeat
        Assert.True(t.RunRepeats);
        t.Set(22, shared);
        t.Set(19, shared);
        t.Set(20, shared); // rewriting an entry of the run with what it holds
        Assert.True(t.Uniform);
        Assert.Equal(4, t.Used);
        Assert.Equal(19, t.RunStart);
        for (int i = 19; i <= 22; i++)
        {
            Assert.Equal(shared, t.Get(i));
        }

        t.Set(23, PageDesc(0x40000000 + Page)); // a stepping entry breaks a repeat
        Assert.False(t.Uniform);
        Assert.Equal(5, t.Used);
    }

    [Fact]
    public void ASteppingRunGrowsDownwardsAndAcceptsItsOwnEntries()
    {
        TablePage t = NewPte();
        t.Set(50, PageDesc(0x40000000 + 50 * Page));
        t.Set(49, PageDesc(0x40000000 + 49 * Page));
        t.Set(48, PageDesc(0x40000000 + 48 * Page));
        t.Set(49, PageDesc(0x40000000 + 49 * Page));
        Assert.True(t.Uniform);
        Assert.False(t.RunRepeats);
        Assert.Equal(48, t.RunStart);
        Assert.Equal(3, t.RunCount);
        Assert.Equal(PageDesc(0x40000000 + 48 * Page), t.Get(48));
        Assert.Equal(PageDesc(0x40000000 + 50 * Page), t.Get(50));

        t.Set(47, PageDesc(0x40000000 + 48 * Page)); // right place, wrong address
        Assert.False(t.Uniform);
        Assert.Equal(4, t.Used);
    }

    [Fact]
    public void FillRepeatOfOneEntryStaysASteppingRunUntilTheSameEntryFollows()
    {
        TablePage stepping = NewPte();
        stepping.FillRepeat(5, 1, PageDesc(0x40000000));
        Assert.False(stepping.RunRepeats);
        stepping.Set(6, PageDesc(0x40000000 + Page));
        Assert.True(stepping.Uniform);
        Assert.Equal(2, stepping.RunCount);

        TablePage repeating = NewPte();
        repeating.FillRepeat(5, 1, PageDesc(0x40000000));
        repeating.FillRepeat(6, 3, PageDesc(0x40000000));
        Assert.True(repeating.RunRepeats);
        Assert.Equal(4, repeating.RunCount);
        Assert.Equal(PageDesc(0x40000000), repeating.Get(8));
        Assert.Equal(0UL, repeating.Get(9));

        repeating.FillRepeat(20, 2, PageDesc(0x40000000)); // the same entry again, but not next to the run
        Assert.False(repeating.Uniform);
        Assert.Equal(6, repeating.Used);
        Assert.Equal(0UL, repeating.Get(10));
        Assert.Equal(PageDesc(0x40000000), repeating.Get(21));
    }

    [Fact]
    public void ClearingAPrefixASuffixOrAllOfTheRunKeepsTheRunForm()
    {
        ulong base0 = 0x40000000;
        TablePage t = NewPte();
        t.FillRun(100, 100, PageDesc(base0 + 100 * Page));

        t.ClearRange(100, 10); // prefix
        Assert.True(t.Uniform);
        Assert.Equal(110, t.RunStart);
        Assert.Equal(PageDesc(base0 + 110 * Page), t.Get(110));
        Assert.Equal(0UL, t.Get(109));

        t.ClearRange(190, 40); // a suffix, running past the end of the run
        Assert.True(t.Uniform);
        Assert.Equal(80, t.RunCount);
        Assert.Equal(PageDesc(base0 + 189 * Page), t.Get(189));
        Assert.Equal(0UL, t.Get(190));

        t.ClearRange(0, 300); // all of it
        Assert.True(t.Uniform);
        Assert.True(t.Empty);
    }

    [Fact]
    public void TryClearWholeRunClearsOnlyARangeThatHoldsAllOfTheRun()
    {
        TablePage t = NewPte();
        t.FillRun(100, 50, PageDesc(0x40000000));
        Assert.False(t.TryClearWholeRun(101, 60)); // misses the first entry
        Assert.False(t.TryClearWholeRun(90, 59)); // misses the last
        Assert.Equal(50, t.Used);
        Assert.True(t.TryClearWholeRun(100, 50));
        Assert.True(t.Empty);
        Assert.False(t.TryClearWholeRun(0, Entries)); // nothing left to clear
    }

    // Mostly entries that continue or repeat a neighbour (what the run form keeps), sometimes anything else.
    private static ulong NextDesc(Random random, ulong[] model, int i, bool pmdTable)
    {
        int pick = random.Next(8);
        if (pick == 0)
        {
            return 0;
        }

        if (pick <= 2 && i > 0 && model[i - 1] != 0)
        {
            return model[i - 1] + StrideOf(model[i - 1]);
        }

        if (pick == 3 && i + 1 < Entries && model[i + 1] != 0 && PgtableDesc.Pa(model[i + 1]) >= 1UL << 32)
        {
            return model[i + 1] - StrideOf(model[i + 1]);
        }

        if (pick == 4 && i > 0 && model[i - 1] != 0)
        {
            return model[i - 1];
        }

        ulong pa = (1UL << 32) + (ulong)random.Next(64) * Pmd;
        DescKind kind = !pmdTable ? DescKind.Page : random.Next(2) == 0 ? DescKind.Block : DescKind.Table;
        return PgtableDesc.Make(kind, pa);
    }

    // What the next entry of a run of desc maps: the next 2 MiB for a block, the next page for a page or a table.
    private static ulong StrideOf(ulong desc) => PgtableDesc.Kind(desc) == DescKind.Block ? Pmd : Page;

    private static bool AllUsedWithin(ulong[] model, int first, int count)
    {
        for (int i = 0; i < Entries; i++)
        {
            if (model[i] != 0 && (i < first || i >= first + count))
            {
                return false;
            }
        }

        return true;
    }

    private static void AssertSame(ulong[] model, TablePage t, int step)
    {
        int used = 0;
        for (int i = 0; i < Entries; i++)
        {
            if (model[i] != t.Get(i))
            {
                Assert.Fail($"step {step}: entry {i} is {t.Get(i):x}, expected {model[i]:x}");
            }

            used += model[i] != 0 ? 1 : 0;
        }

        Assert.Equal(used, t.Used);
        int probe = step % Entries;
        int next = probe;
        while (next < Entries && model[next] == 0)
        {
            next++;
        }

        Assert.Equal(next, t.NextUsed(probe));
        if (t.Uniform && model[probe] != 0)
        {
            int run = t.RunLengthFrom(probe);
            Assert.True(run > 0, $"step {step}: entry {probe} is in the run, yet RunLengthFrom is 0");
            for (int k = 1; k < run; k++)
            {
                ulong expected = t.RunRepeats ? model[probe] : model[probe] + (ulong)k * StrideOf(model[probe]);
                Assert.Equal(expected, model[probe + k]);
            }
        }
    }
}
