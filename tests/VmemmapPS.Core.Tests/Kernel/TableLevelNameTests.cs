using System.Linq;
using Xunit;

namespace VmemmapPS.Core.Tests.Kernel;

/// <summary>
/// The names page-table pages carry (docs/kernel-model.md#arm64-geometry): the top table is the PGD (swapper_pg_dir,
/// part of the kernel image, so not listed among the allocated table pages), and below it the hardware levels are
/// P4D (0), PUD (1), PMD (2) and PTE (3); the kernel folds the levels it does not need. With 4K pages and 52-bit
/// VA (LPA2) there are five levels and the PGD sits at level -1.
/// </summary>
public class TableLevelNameTests
{
    private static readonly string[] BelowTheTop = { "P4D", "PUD", "PMD", "PTE" };

    [Theory]
    [InlineData(4096UL, 39, "6.6", 3)]
    [InlineData(4096UL, 48, "6.6", 4)]
    [InlineData(4096UL, 52, "6.14", 5)]
    [InlineData(16384UL, 47, "6.6", 3)]
    [InlineData(16384UL, 48, "6.6", 4)]
    [InlineData(65536UL, 42, "6.6", 2)]
    [InlineData(65536UL, 52, "6.6", 3)]
    public void EveryLevelOfTheBootTables_HasItsKernelName(ulong pageSize, int vaBits, string version, int levels)
    {
        var rig = KernelRig.Boot(pageSize: pageSize, version: version, vaBits: vaBits);
        int top = 4 - levels;

        var named = rig.Machine.GetTablePages().Select(t => (t.Level, t.LevelName)).Distinct().OrderBy(t => t.Level).ToList();

        var expected = Enumerable.Range(top + 1, levels - 1).Select(l => (l, BelowTheTop[l])).ToList();
        Assert.Equal(expected, named);
    }
}
