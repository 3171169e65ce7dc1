using System.Linq;
using VmemmapPS.Core.Arch.Arm64;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Units;
using Xunit;

namespace VmemmapPS.Core.Tests.Kernel;

/// <summary>
/// The linear map across releases: BBML2_NOABORT keeps block mappings under rodata_full from v6.18
/// (a166563e7ec3, force_pte_mapping), and memory outside the linear region is refused from v5.10
/// (inside_linear_region, arch_add_memory) and v5.12 (mhp_range_allowed), but mapped unchecked by v5.8/v5.9.
/// </summary>
public class LinearMapTimelineTests
{
    private const ulong GiB = ByteSize.GiB, MiB = ByteSize.MiB;

    //  RAM 1G..9G (boot), device 16G..80G, 4K pages. Page granular: one PTE table per 2 MiB and one PMD table per
    //  1 GiB of the device; block mapped: 1 GiB PUD blocks, no new tables.
    [Theory]
    [InlineData("6.17.13", true, true, true)]    // before a166563e7ec3 BBML2 changes nothing
    [InlineData("6.18", true, true, false)]      // BBML2_NOABORT: force_pte_mapping() is false
    [InlineData("6.18.2", false, true, true)]    // no BBML2: rodata_full decides, as before
    [InlineData("6.18", true, false, false)]
    [InlineData("5.9", true, true, true)]
    public void HotAddedLinearMap_IsPageGranularUnlessBbml2OnV618(string kernel, bool bbml2, bool rodataFull, bool pageGranular)
    {
        const ulong size = 64 * GiB;
        SimMachine m = SimMachine.Boot(new MachineConfig { KernelVersion = kernel, RodataFull = rodataFull, Bbml2NoAbort = bbml2 });
        Arm64Geometry g = m.Geometry;

        HotplugResult r = m.AddDevice(new DeviceSpec { Name = "pmem0", Start = 16 * GiB, Size = size, Altmap = true });

        Assert.True(r.Success, r.Message);
        Assert.Equal(pageGranular, m.LinearMapPageGranular);
        ulong tables = pageGranular ? size / g.PmdSize + size / g.PudSize : 0;
        Assert.Equal(tables * g.PageSize, m.MeasureUsage().Single(u => u.Device == "pmem0").LinearMapPageTableBytes);
        Assert.Equal((int)tables, m.GetTablePages(PageTableRegion.Linear).Count(t => t.Device == "pmem0"));
        Assert.Empty(m.CheckInvariants());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void BootLinearMap_FollowsForcePteMapping(bool bbml2)
    {
        // 8 GiB of RAM at 1 GiB: PUD aligned, so a block-mapped linear map needs no PTE table at all.
        SimMachine m = SimMachine.Boot(new MachineConfig { KernelVersion = "6.18", Bbml2NoAbort = bbml2 });
        ulong ptes = bbml2 ? 0 : 8 * GiB / m.Geometry.PmdSize;

        Assert.Equal((int)ptes, m.GetTablePages(PageTableRegion.Linear, 3).Count);
    }

    // VA_BITS 39, 4K: the linear region spans 2^38 bytes from memstart_addr (1 GiB, the RAM base rounded to 1 GiB).
    private static SimMachine Va39(string kernel) => SimMachine.Boot(new MachineConfig { KernelVersion = kernel, VaBits = 39 });

    private static ulong LinearEnd(SimMachine m) => m.MemstartAddr + (1UL << (39 - 1));

    [Theory]
    [InlineData("5.10", "arch_add_memory")]      // inside_linear_region, before __add_pages
    [InlineData("5.11.22", "arch_add_memory")]   // 5.11.y kept it: the arch_get_mappable_range backport was dropped
    [InlineData("5.12", "pagemap_range")]        // mhp_range_allowed
    [InlineData("6.18", "pagemap_range")]
    public void DeviceBeyondTheLinearRegion_IsEinval_FromTheReleasesCheck(string kernel, string function)
    {
        SimMachine m = Va39(kernel);
        ulong free = m.SystemRamFreeBytes;

        SimException e = Assert.Throws<SimException>(() =>
            m.AddDevice(new DeviceSpec { Name = "pmem0", Type = DeviceType.FsDax, Start = LinearEnd(m), Size = 64 * MiB }));

        Assert.Equal(FailureKind.OutsideMappableRange, e.Kind);
        Assert.Equal(Errno.EINVAL, e.Errno);
        Assert.Equal(function, e.KernelFunction);
        ulong start = LinearEnd(m), end = start + 64 * MiB;
        Assert.Contains(function == "arch_add_memory"
            ? $"[{start:x} {end:x}] is outside linear mapping region"   // inside_linear_region's pr_err
            : $"Hotplug memory [0x{start:x}-0x{end:x}] exceeds maximum addressable range [0x{m.MemstartAddr:x}-0x{start - 1:x}]", e.Message);
        Assert.Empty(m.Devices);
        Assert.Equal(free, m.SystemRamFreeBytes);
    }

    [Theory]
    [InlineData("5.9.16")]
    [InlineData("5.8")]
    public void DeviceBeyondTheLinearRegion_IsMappedUnchecked_BeforeV510_AndTheCheckerReportsIt(string kernel)
    {
        // 64 MiB right after the linear region: its struct pages (1 MiB) still fit under the 2 MiB above VMEMMAP_END.
        SimMachine m = Va39(kernel);
        ulong start = LinearEnd(m);
        ulong aliasVa = m.Geometry.PageOffset + (start - m.MemstartAddr);
        Assert.Equal(m.Geometry.PageEnd, aliasVa);

        HotplugResult r = m.AddDevice(new DeviceSpec { Name = "pmem0", Type = DeviceType.FsDax, Start = start, Size = 64 * MiB });

        Assert.True(r.Success, r.Message);
        Assert.Equal(aliasVa, m.PhysToVirt(start));
        InvariantFinding f = Assert.Single(m.CheckInvariants(), x => x.Check == "LinearAliasOutsideLinearRegion");
        Assert.Equal(aliasVa, f.Address);
        Assert.Equal("pmem0", f.Device);

        HotplugResult removed = m.RemoveDevice("pmem0");
        Assert.Contains(removed.Warnings, w => w.Function == "__remove_pgd_mapping");
    }

    [Fact]
    public void UncheckedAliasOverLiveMappings_StopsWhereTheKernelWouldBug()
    {
        // A range whose linear alias would start at VMEMMAP_START, on top of the boot memmap.
        SimMachine m = Va39("5.9");
        ulong start = m.MemstartAddr + (m.Geometry.VmemmapStart - m.Geometry.PageOffset);

        SimException e = Assert.Throws<SimException>(() =>
            m.AddDevice(new DeviceSpec { Name = "pmem0", Type = DeviceType.FsDax, Start = start, Size = 64 * MiB }));

        Assert.Equal(FailureKind.OutsideMappableRange, e.Kind);
        Assert.Equal(0, e.Errno);
        Assert.Contains("BUG", e.Message);
        Assert.Empty(m.Devices);
    }

    [Theory]
    [InlineData("5.10", Errno.EINVAL, "arch_add_memory")]
    [InlineData("5.12", Errno.E2BIG, "register_memory_resource")]
    public void SystemRamBeyondTheLinearRegion_IsRefusedWithTheReleasesErrno(string kernel, int errno, string function)
    {
        SimMachine m = Va39(kernel);
        ulong block = m.Geometry.MemoryBlockSize;

        SimException e = Assert.Throws<SimException>(() =>
            m.AddSystemMemory(new SystemMemorySpec { Name = "cxl0", Start = LinearEnd(m), Size = block }));

        Assert.Equal(errno, e.Errno);
        Assert.Equal(function, e.KernelFunction);
    }

    [Fact]
    public void SystemRamBeyondTheLinearRegion_OnV59_StopsWhereItsStructPagesWouldWrap()
    {
        // A 1 GiB block after the linear region: 16 MiB of struct pages from VMEMMAP_END, 2 MiB below the top.
        SimMachine m = Va39("5.9");
        ulong block = m.Geometry.MemoryBlockSize;
        Assert.True(block / m.PageSize * 64 > 2 * MiB);
        ulong free = m.SystemRamFreeBytes;

        SimException e = Assert.Throws<SimException>(() =>
            m.AddSystemMemory(new SystemMemorySpec { Name = "cxl0", Start = LinearEnd(m), Size = block }));

        Assert.Equal(FailureKind.OutsideMappableRange, e.Kind);
        Assert.Equal(0, e.Errno);
        Assert.Contains("wrap", e.Message);
        Assert.Equal(free, m.SystemRamFreeBytes);
    }
}
