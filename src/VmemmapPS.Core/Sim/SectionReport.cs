using System.Collections.Generic;
using VmemmapPS.Core.Mm;

namespace VmemmapPS.Core.Sim;

/// <summary>Coalesces mem_section subsection maps into <see cref="SectionRun"/>s in physical order.</summary>
internal static class SectionReport
{
    public static IReadOnlyList<SectionRun> Build(Kernel k)
    {
        var runs = new List<SectionRun>();
        int perSection = (int)k.G.SubsectionsPerSection;
        ulong subsection = k.G.SubsectionSize;
        foreach ((ulong first, ulong count, MemSection ms) in k.Sections.InOrder())
        {
            // Whole sections (and runs of them) in one step; only a partly populated section is walked bit by bit.
            if (ms.MapEmpty || ms.AllSet(0, perSection - 1))
            {
                Append(runs, ms, first, first + count - 1, first * k.G.SectionSize, count * k.G.SectionSize, !ms.MapEmpty);
                continue;
            }

            for (ulong nr = first; nr < first + count; nr++)
            {
                ulong sectionStart = nr * k.G.SectionSize;
                for (int bit = 0; bit < perSection;)
                {
                    bool set = ms.Test(bit);
                    int end = bit + 1;
                    while (end < perSection && ms.Test(end) == set)
                    {
                        end++;
                    }

                    Append(runs, ms, nr, nr, sectionStart + (ulong)bit * subsection, (ulong)(end - bit) * subsection, set);
                    bit = end;
                }
            }
        }

        return runs;
    }

    private static void Append(List<SectionRun> runs, MemSection ms, ulong firstNr, ulong lastNr, ulong start, ulong size, bool populated)
    {
        if (runs.Count > 0)
        {
            SectionRun last = runs[runs.Count - 1];
            if (last.PhysAddr + last.Size == start && last.Populated == populated && last.Early == ms.Early &&
                last.Owner == ms.Owner && last.Node == ms.Nid)
            {
                runs[runs.Count - 1] = new SectionRun
                {
                    PhysAddr = last.PhysAddr, Size = last.Size + size, FirstSection = last.FirstSection, LastSection = lastNr,
                    Populated = populated, Early = ms.Early, Owner = ms.Owner, Node = ms.Nid,
                };
                return;
            }
        }

        runs.Add(new SectionRun
        {
            PhysAddr = start, Size = size, FirstSection = firstNr, LastSection = lastNr, Populated = populated, Early = ms.Early,
            Owner = ms.Owner, Node = ms.Nid,
        });
    }
}
