using System.Linq;
using VmemmapPS.Core.Errors;
using Xunit;

namespace VmemmapPS.Core.Tests.Hardening;

/// <summary>
/// The checker's linear-map invariant: every page the linear map maps is RAM or a registered device. A failed
/// __pgd_pgtable_alloc in the middle of arch_add_memory's __create_pgd_mapping (the kernel BUG()s there) leaves
/// the part already mapped; the checker names exactly that, and nothing on a clean machine.
/// </summary>
public class LinearMapInvariantTests
{
    private const ulong Start = 0x1000000000;
    private const ulong Size = 4UL << 30;
    private const ulong Pmd = 2UL << 20;

    private static SimMachine Boot() => SimMachine.Boot(new MachineConfig { KernelVersion = "6.6", RodataFull = true });

    private static DeviceSpec Cxl(string name = "cxl0") => new() { Name = name, Type = DeviceType.Generic, Start = Start, Size = Size };

    [Theory]
    [InlineData(3L)]
    [InlineData(40L)]
    [InlineData(700L)]
    public void AFailedLinearMapTableAllocationLeavesTheMappedPartAndTheCheckerNamesIt(long nth)
    {
        // rodata_full maps the range page by page: one PTE table per 2 MiB, each filled when it is allocated, so
        // the linear map stops at a whole table when the Nth page-table allocation fails.
        SimMachine m = Boot();
        m.InjectFailure(new FaultSpec { Nth = nth });
        HotplugResult r = m.AddDevice(Cxl());
        Assert.False(r.Success);
        Assert.Equal(FailureKind.PageTableAllocationFailed, r.Failure);
        Assert.Empty(m.Devices);

        ulong mappedPages = 0;
        for (ulong pa = Start; pa < Start + Size; pa += Pmd)
        {
            if (m.TranslateVirtual(m.PhysToVirt(pa)) == pa)
            {
                mappedPages += Pmd / 4096;
            }
        }

        var linear = m.CheckInvariants().Where(f => f.Check == "LinearMap").ToList();
        Assert.True(mappedPages > 0, "the injected failure should come after part of the range was mapped");
        Assert.NotEmpty(linear);
        Assert.All(linear, f => Assert.Equal("cxl0", f.Device));
        Assert.All(linear, f => Assert.Contains("__pgd_pgtable_alloc", f.Message));
        Assert.Equal(mappedPages, linear.Aggregate(0UL, (n, f) => n + PagesOf(f.Message)));
        Assert.Equal(Start, linear.Min(f => f.Address));
    }

    [Fact]
    public void ACleanAddRemoveAndBootRamHaveNoLinearMapFinding()
    {
        SimMachine m = Boot();
        Assert.DoesNotContain(m.CheckInvariants(), f => f.Check == "LinearMap");
        Assert.True(m.AddDevice(Cxl()).Success);
        Assert.True(m.AddDevice(new DeviceSpec { Name = "pmem0", Type = DeviceType.FsDax, Start = 2 * Start, Size = Size, Altmap = true }).Success);
        Assert.DoesNotContain(m.CheckInvariants(), f => f.Check == "LinearMap");
        Assert.True(m.RemoveDevice("cxl0").Success);
        Assert.True(m.RemoveDevice("pmem0").Success);
        Assert.DoesNotContain(m.CheckInvariants(), f => f.Check == "LinearMap");
    }

    [Fact]
    public void HotAddedSystemRamIsCoveredWhileItIsThere()
    {
        SimMachine m = SimMachine.Boot(new MachineConfig { KernelVersion = "6.14", DefaultOnlineType = OnlineType.Auto });
        Assert.True(m.AddSystemMemory(new SystemMemorySpec { Name = "ram0", Start = Start, Size = 1UL << 30 }).Success);
        Assert.DoesNotContain(m.CheckInvariants(), f => f.Check == "LinearMap");
    }

    // "... still maps a-b (N pages): ..."
    private static ulong PagesOf(string message) => ulong.Parse(
        System.Text.RegularExpressions.Regex.Match(message, @"\((\d+) pages\)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
}
