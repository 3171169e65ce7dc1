using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VmemmapPS.Core.Units;
using VmemmapPS.Core.Versions;
using Xunit;

namespace VmemmapPS.Core.Tests.Fuzz;

/// <summary>
/// The exhaustive fault sweep: for a representative set of adds, per kernel profile and page size, fail system RAM
/// allocation number 1, 2, ... N (N = the allocations the add makes; the sweep ends at the first index the add
/// survives). Every failed add must be a result (never an exception) that is either an exact rollback (free RAM,
/// page tables and vmemmap mappings as before, no finding) or leaves state the invariant checker names.
/// </summary>
public class FaultSweepTests
{
    private const ulong Start = 0x100_0000_0000UL;

    /// <summary>No representative add makes more allocations than this; a sweep that gets here is a bug.</summary>
    private const int MaxIndex = 2000;

    public static TheoryData<ulong, string> Profiles()
    {
        var data = new TheoryData<ulong, string>();
        foreach (ulong page in new[] { 4096UL, 16384UL, 65536UL })
        {
            foreach (string kernel in KernelProfile.KnownVersions)
            {
                data.Add(page, kernel);
            }
        }

        return data;
    }

    /// <summary>map=mem and map=dev nvdimm namespaces, plain and altmap-backed Generic memory, 128 MiB each.</summary>
    private static IEnumerable<DeviceSpec> Adds(ulong pageSize)
    {
        ulong size = 128 * ByteSize.MiB;
        yield return new DeviceSpec { Name = "mem", Type = DeviceType.FsDax, Start = Start, Size = size };
        yield return new DeviceSpec { Name = "dev", Type = DeviceType.FsDax, Start = Start, Size = size, Altmap = true };
        yield return new DeviceSpec { Name = "cxl", Type = DeviceType.Generic, Start = Start, Size = size };

        // Struct pages of the whole range from the range itself: size / PAGE_SIZE * 64 bytes, in pages.
        ulong free = size / pageSize * 64 / pageSize;
        yield return new DeviceSpec { Name = "cxl-altmap", Type = DeviceType.Generic, Start = Start, Size = size, AltmapReservePages = 0, AltmapFreePages = free };
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void EveryAllocationFailure_RollsBackOrIsNamed(ulong pageSize, string kernel)
    {
        SimMachine booted = SimMachine.Boot(new MachineConfig { PageSize = pageSize, KernelVersion = kernel });
        var silent = new List<string>();
        int failures = 0;
        foreach (DeviceSpec spec in Adds(pageSize))
        {
            try
            {
                booted.PreviewDevice(spec);
            }
            catch (Errors.SimException)
            {
                continue; // this geometry cannot take the device at all (e.g. 512 MiB alignment on 64K): nothing to sweep
            }

            int index = 1;
            for (; index <= MaxIndex; index++)
            {
                SimMachine m = booted.Clone();
                ulong free = m.SystemRamFreeBytes;
                int tables = m.GetTablePages().Count;
                int mappings = m.GetVmemmapMappings().Count;
                m.InjectFailure(new FaultSpec { Nth = index });
                HotplugResult r = m.AddDevice(spec);
                if (r.Success)
                {
                    break;
                }

                failures++;
                bool rolledBack = m.SystemRamFreeBytes == free && m.GetTablePages().Count == tables && m.GetVmemmapMappings().Count == mappings;
                IReadOnlyList<InvariantFinding> findings = m.CheckInvariants();
                if (!(rolledBack && findings.Count == 0) && findings.Count == 0)
                {
                    silent.Add(string.Format(CultureInfo.InvariantCulture, "{0} allocation {1} ({2} in {3}): free {4} -> {5}, tables {6} -> {7}",
                        spec.Name, index, r.Failure, r.FailedFunction, free, m.SystemRamFreeBytes, tables, m.GetTablePages().Count));
                }
            }

            Assert.True(index <= MaxIndex, $"{spec.Name} still failed at allocation {MaxIndex}");
        }

        Assert.True(failures > 0, "no add of the sweep made an allocation");
        Assert.True(silent.Count == 0, "leftovers the checker does not name:\n" + string.Join("\n", silent.Take(20)));
    }
}
