using System.Linq;
using VmemmapPS.Reference;
using Xunit;

namespace VmemmapPS.Core.Tests.Kernel;

/// <summary>
/// The sanity WARNs at the top of arm64 vmemmap_populate and vmemmap_free (docs/kernel-model.md#vmemmap_populate),
/// called the way a buggy caller would: sparse only ever passes one section's memmap inside the VMEMMAP window, so
/// these tests call the kernel mirror directly.
///   vmemmap_free:      WARN_ON(start &lt; VMEMMAP_START || end &gt; VMEMMAP_END) since v5.7, then it carries on.
///   vmemmap_populate:  the same WARN since edb739eed8f3 (v5.12); v5.9 populates silently.
///   6.14 (d4234d131b0a): WARN_ON_ONCE(end - start &gt; PAGES_PER_SECTION * sizeof(struct page)).
/// </summary>
public class VmemmapWindowWarnTests
{
    private const string WindowCondition = "(start < VMEMMAP_START) || (end > VMEMMAP_END)";

    [Theory]
    [InlineData("5.9", false)]
    [InlineData("5.12", true)]
    [InlineData("6.6", true)]
    [InlineData("6.14", true)]
    public void PopulatingBelowTheWindow_WarnsFromV512_AndMapsAnyway(string version, bool populateWarns)
    {
        var rig = KernelRig.Boot(version: version);
        RefGeometry g = rig.G;
        var k = rig.Machine.KernelForTests;
        ulong start = g.VmemmapStart - g.PmdSize, end = g.VmemmapStart; // the PMD block just below the window (a guard gap)

        int rc = k.VmemmapPopulate(start, end, 0, null);

        Assert.Equal(0, rc);
        Assert.NotNull(rig.Machine.TranslateVirtual(start));
        var populate = rig.Machine.Warnings.Where(w => w.Function == "vmemmap_populate").ToList();
        if (populateWarns)
        {
            KernelWarning w = Assert.Single(populate);
            Assert.Equal(WindowCondition, w.Condition);
            Assert.Equal(start, w.Address);
            Assert.Equal($"WARNING: vmemmap_populate [{start:x}-{end:x}) outside the VMEMMAP window", w.Message);
        }
        else
        {
            Assert.Empty(populate);
        }

        k.VmemmapFree(start, end, null);

        KernelWarning free = Assert.Single(rig.Machine.Warnings, w => w.Function == "vmemmap_free");
        Assert.Equal(WindowCondition, free.Condition);
        Assert.Equal(start, free.Address);
        Assert.Equal($"WARNING: vmemmap_free [{start:x}-{end:x}) outside the VMEMMAP window", free.Message);
        Assert.Null(rig.Machine.TranslateVirtual(start));     // unmap_hotplug_range ran all the same
    }

    [Fact]
    public void FreeingInsideTheWindow_DoesNotWarn()
    {
        var rig = KernelRig.Boot(version: "6.6");
        RefGeometry g = rig.G;
        var k = rig.Machine.KernelForTests;
        ulong start = g.VmemmapEnd - g.PmdSize, end = g.VmemmapEnd; // the window's last PMD block, end == VMEMMAP_END

        Assert.Equal(0, k.VmemmapPopulate(start, end, 0, null));
        k.VmemmapFree(start, end, null);

        Assert.Empty(rig.Machine.Warnings);
        Assert.Null(rig.Machine.TranslateVirtual(start));
    }

    [Theory]
    [InlineData("6.6", false)]
    [InlineData("6.14", true)]
    public void PopulatingMoreThanOneSection_WarnsOnce_WhereTheSubsectionFixChecksIt(string version, bool warns)
    {
        var rig = KernelRig.Boot(version: version);
        RefGeometry g = rig.G;
        var k = rig.Machine.KernelForTests;
        ulong sectionMemmap = g.MemmapBytes(g.SectionSize);
        ulong start = rig.Ref.StructPageVa(0x400_0000_0000UL);

        Assert.Equal(0, k.VmemmapPopulate(start, start + 2 * sectionMemmap, 0, null));
        Assert.Equal(0, k.VmemmapPopulate(start + 2 * sectionMemmap, start + 4 * sectionMemmap, 0, null));

        var once = rig.Machine.Warnings.Where(w => w.Function == "vmemmap_populate").ToList();
        if (warns)
        {
            KernelWarning w = Assert.Single(once);
            Assert.Equal("end - start > PAGES_PER_SECTION * sizeof(struct page)", w.Condition);
            Assert.Equal(start, w.Address);
            Assert.Equal("WARNING: [start, end] should be within one section", w.Message);
        }
        else
        {
            Assert.Empty(once);
        }

        // More than a section is not a sub-section range: PMD blocks, as for one whole section.
        Assert.NotNull(rig.Machine.TranslateVirtual(start + 4 * sectionMemmap - 1));
    }
}
