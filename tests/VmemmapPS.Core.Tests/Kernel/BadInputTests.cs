using System;
using System.Collections.Generic;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Units;
using Xunit;

namespace VmemmapPS.Core.Tests.Kernel;

/// <summary>Refused input throws SimException with a stable code and leaves every observable thing unchanged.</summary>
public class BadInputTests
{
    private const ulong Start = 0x400_0000_0000UL;

    public static TheoryData<string, FailureKind> Refusals() => new()
    {
        { "unaligned-start", FailureKind.UnalignedRange },      // check_pfn_span / memremap_compat_align: 2 MiB
        { "unaligned-size", FailureKind.UnalignedRange },
        { "zero-size", FailureKind.InvalidSize },
        { "overlaps-ram", FailureKind.DeviceMemoryOverlap },     // region_intersects(System RAM) != DISJOINT
        { "overlaps-device", FailureKind.DeviceMemoryOverlap },
        { "duplicate-name", FailureKind.DuplicateDeviceName },
        { "unknown-node", FailureKind.NodeNotFound },
        { "reserve-without-free", FailureKind.InvalidAltmap },
        { "pud-align-on-arm64", FailureKind.UnsupportedAlignment },  // no PUD THP on arm64
        { "beyond-pa-bits", FailureKind.OutsideMappableRange },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void RefusedAdd_ThrowsAndLeavesTheMachineUnchanged(string caseName, FailureKind expected)
    {
        var rig = KernelRig.Boot(version: "5.9");
        Assert.True(rig.Add(KernelRig.FsDax("pmem0", Start, ByteSize.GiB, altmap: true)).Success);
        string before = MachineSnapshot.Take(rig.Machine);

        SimException e = Assert.Throws<SimException>(() => rig.Add(Spec(caseName, rig)));

        Assert.Equal(expected, e.Kind);
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
        Assert.Equal(before, MachineSnapshot.Take(rig.Machine));
    }

    /// <summary>
    /// __add_pages refuses an altmap whose reserve + free exceeds the range ("memory add fail, invalid altmap").
    /// The facade documents this under both InvalidAltmap (overrides exceeding the range) and AltmapTooSmall
    /// (__add_pages -EINVAL), so either code is the contract; the machine must not change either way.
    /// </summary>
    [Fact]
    public void AltmapOffsetBeyondTheRange_IsRefusedAndChangesNothing()
    {
        var rig = KernelRig.Boot(version: "5.9");
        ulong size = ByteSize.GiB;
        string before = MachineSnapshot.Take(rig.Machine);

        SimException e = Assert.Throws<SimException>(() =>
            rig.Add(KernelRig.Generic("x", Start, size, reservePages: 2, freePages: size / rig.PageSize)));

        Assert.Contains(e.Kind, new[] { FailureKind.InvalidAltmap, FailureKind.AltmapTooSmall });
        Assert.Equal(before, MachineSnapshot.Take(rig.Machine));
    }

    [Fact]
    public void Boot_RefusesOverlappingRamAndUnknownVersions()
    {
        var overlapping = new MachineConfig
        {
            Nodes = new List<NodeConfig>
            {
                new() { Id = 0, Ram = new List<RamRange> { new(KernelRig.DramBase, 4 * ByteSize.GiB) } },
                new() { Id = 1, Ram = new List<RamRange> { new(KernelRig.DramBase + 2 * ByteSize.GiB, 4 * ByteSize.GiB) } },
            },
        };
        Assert.Equal(FailureKind.InvalidMachineConfig, Assert.Throws<SimException>(() => SimMachine.Boot(overlapping)).Kind);
        Assert.Equal(FailureKind.UnknownKernelVersion,
            Assert.Throws<SimException>(() => SimMachine.Boot(new MachineConfig { KernelVersion = "4.19" })).Kind);
    }

    [Fact]
    public void RemovingAnUnknownDevice_ThrowsDeviceNotFound_AndChangesNothing()
    {
        var rig = KernelRig.Boot(version: "5.9");
        string before = MachineSnapshot.Take(rig.Machine);

        SimException e = Assert.Throws<SimException>(() => rig.Machine.RemoveDevice("nope"));

        Assert.Equal(FailureKind.DeviceNotFound, e.Kind);
        Assert.Equal("nope", e.Target);
        Assert.Equal(before, MachineSnapshot.Take(rig.Machine));
    }

    [Fact]
    public void InvalidFaultSpec_IsRefused()
    {
        var rig = KernelRig.Boot(version: "5.9");
        string before = MachineSnapshot.Take(rig.Machine);

        SimException e = Assert.Throws<SimException>(() => rig.Machine.InjectFailure(new FaultSpec { Nth = 0 }));

        Assert.Equal(FailureKind.InvalidFaultSpec, e.Kind);
        Assert.Equal(before, MachineSnapshot.Take(rig.Machine));
    }

    private static DeviceSpec Spec(string caseName, KernelRig rig)
    {
        ulong far = Start + 64 * ByteSize.GiB;
        return caseName switch
        {
            "unaligned-start" => KernelRig.Generic("x", far + rig.PageSize, ByteSize.GiB),
            "unaligned-size" => KernelRig.Generic("x", far, ByteSize.GiB + rig.PageSize),
            "zero-size" => KernelRig.Generic("x", far, 0),
            "overlaps-ram" => KernelRig.Generic("x", KernelRig.DramBase, ByteSize.GiB),
            "overlaps-device" => KernelRig.Generic("x", Start + 512 * ByteSize.MiB, ByteSize.GiB),
            "duplicate-name" => KernelRig.Generic("pmem0", far, ByteSize.GiB),
            "unknown-node" => KernelRig.Generic("x", far, ByteSize.GiB, node: 7),
            "reserve-without-free" => KernelRig.Generic("x", far, ByteSize.GiB, reservePages: 2),
            "pud-align-on-arm64" => KernelRig.FsDax("x", far, 4 * ByteSize.GiB, altmap: true, align: rig.G.PudSize),
            "beyond-pa-bits" => KernelRig.Generic("x", 1UL << 48, ByteSize.GiB),
            _ => throw new ArgumentOutOfRangeException(nameof(caseName)),
        };
    }
    /// <summary>
    /// check_pfn_span on its own: a range off the sub-section grid is -EINVAL. The kernel's check stops there; the
    /// mirror also refuses a zero size and a range that wraps past 2^64 (the validators stop both earlier, so only
    /// a direct call reaches them), so that no section loop behind it runs on an empty or wrapped range.
    /// </summary>
    [Theory]
    [InlineData(Start, 0UL, false)]
    [InlineData(ulong.MaxValue - 2 * ByteSize.MiB + 1, 4 * ByteSize.MiB, false)]   // start + size wraps to 2 MiB
    [InlineData(Start + 4096UL, 2 * ByteSize.MiB, false)]
    [InlineData(Start, 2 * ByteSize.MiB + 4096UL, false)]
    [InlineData(Start, 2 * ByteSize.MiB, true)]
    [InlineData(ulong.MaxValue - 2 * ByteSize.MiB + 1, 2 * ByteSize.MiB, false)]  // ends exactly at 2^64: end wraps to 0
    public void CheckPfnSpan_RefusesEmptyWrappingAndUnalignedRanges(ulong start, ulong size, bool accepted)
    {
        var rig = KernelRig.Boot(version: "6.6");
        var k = rig.Machine.KernelForTests;
        Assert.Equal(2 * ByteSize.MiB, rig.G.SubsectionSize);

        if (accepted)
        {
            k.CheckPfnSpan(start, size, "span");
            return;
        }

        SimException e = Assert.Throws<SimException>(() => k.CheckPfnSpan(start, size, "span"));
        Assert.Equal(FailureKind.UnalignedRange, e.Kind);
        Assert.Equal(Errno.EINVAL, e.Errno);
        Assert.Equal("check_pfn_span", e.KernelFunction);
        Assert.Equal("span", e.Target);
    }
}
