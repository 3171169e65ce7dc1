using System.Collections.Generic;
using VmemmapPS.Core.Arch.Arm64;
using VmemmapPS.Core.Versions;
using Xunit;
using SimKernel = VmemmapPS.Core.Sim.Kernel;

namespace VmemmapPS.Core.Tests.Internals;

/// <summary>
/// vmemmap_check_pmd decides what vmemmap_populate_hugepages does with a PMD that is already populated
/// (docs/kernel-model.md#vmemmap_check_pmd): v6.4-v6.13 return 1, so a PTE table counts as done; the newest kernels
/// return pmd_sect, so a PTE table is completed with base pages. Hot-add sequences cannot put a PTE table under a
/// whole section's PMD (a 4K section's memmap is exactly one PMD), so the kernel functions are driven directly.
/// </summary>
public class VmemmapCheckPmdTests
{
    private const ulong GiB = 1UL << 30;

    [Theory]
    [InlineData("6.6", false)]
    [InlineData("6.14", true)]
    public void PteTableUnderThePmd_IsCompletedOnlyWhenCheckPmdReturnsPmdSect(string version, bool completed)
    {
        SimKernel k = BootKernel(version);
        ulong start = k.PfnToPage((16 * GiB) >> k.G.PageShift);
        ulong end = start + k.G.SectionMemmapSize;
        ulong half = start + (end - start) / 2;
        Assert.Equal(k.G.PmdSize, end - start);                      // one section's memmap is one PMD on 4K

        Assert.Equal(0, k.VmemmapPopulateBasepages(start, half, 0, null));
        Assert.Equal(0, k.VmemmapPopulateHugepages(start, end, 0, null));

        Assert.NotNull(k.Translate(start));
        Assert.Equal(completed, k.Translate(half) is not null);
        Assert.Equal(completed, k.Translate(end - k.G.PageSize) is not null);
    }

    private static SimKernel BootKernel(string version)
    {
        var k = new SimKernel(Arm64Geometry.Create(4096, 48, KernelProfile.Get(version)), rodataFull: true);
        k.Boot(new List<NodeConfig> { new() { Id = 0, Ram = new List<RamRange> { new(GiB, 8 * GiB) } } }, progress: null);
        return k;
    }
}
