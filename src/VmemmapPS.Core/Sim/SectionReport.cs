using System.Collections.Generic;
using System.Linq;
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
        foreach (ulong nr in k.Sections.Keys.OrderBy(n => n))
        {
            MemSection ms = k.Sections[nr];
            ulong sectionStart = nr * k.G.SectionSize;

            // Whole sections in one step; only a partly populated section is walked bit by bit.
            if (ms.MapEmpty || ms.AllSet(0, perSection - 1))
            {
                Append(runs, ms, sectionStart, k.G.SectionSize, !ms.MapEmpty);
                continue;
            }

            for (int bit = 0; bit < perSection;)
            {
                bool set = ms.Test(bit);
                int end = bit + 1;
                while (end < perSection && ms.Test(end) == set)
                {
                    end++;
                }

                Append(runs, ms, sectionStart + (ulong)bit * subsection, (ulong)(end - bit) * subsection, set);
                bit = end;
            }
        }

        return runs;
    }

    private static void Append(List<SectionRun> runs, MemSection ms, ulong start, ulong size, bool populated)
    {
        if (runs.Count > 0)
        {
            SectionRun last = runs[runs.Count - 1];
            if (last.PhysAddr + last.Size == start && last.Populated == populated && last.Early == ms.Early &&
                last.Owner == ms.Owner && last.Node == ms.Nid)
            {
                runs[runs.Count - 1] = new SectionRun
                {
                    PhysAddr = last.PhysAddr, Size = last.Size + size, FirstSection = last.FirstSection, LastSection = ms.Nr,
                    Populated = populated, Early = ms.Early, Owner = ms.Owner, Node = ms.Nid,
                };
                return;
            }
        }

        runs.Add(new SectionRun
        {
            PhysAddr = start, Size = size, FirstSection = ms.Nr, LastSection = ms.Nr, Populated = populated, Early = ms.Early,
            Owner = ms.Owner, Node = ms.Nid,
        });
    }
}
