using System.Collections.Generic;
using VmemmapPS.Core.Errors;
using Xunit;

namespace VmemmapPS.Core.Tests.Kernel;

/// <summary>
/// Machines Boot refuses before anything is built: each refusal is InvalidMachineConfig, names the offending node
/// or range, and says what a valid layout needs.
/// </summary>
public class MachineConfigRefusalTests
{
    private const ulong DramBase = 0x40000000; // the virt board's DRAM base

    private static MachineConfig Layout(params NodeConfig[] nodes) => new() { Name = "lab0", KernelVersion = "6.6", PageSize = 4096, Nodes = new List<NodeConfig>(nodes) };

    private static NodeConfig Node(int id, params RamRange[] ram) => new() { Id = id, Ram = new List<RamRange>(ram) };

    private static SimException Refused(MachineConfig config, object target, string says)
    {
        SimException e = Assert.Throws<SimException>(() => SimMachine.Boot(config));
        Assert.Equal(FailureKind.InvalidMachineConfig, e.Kind);
        Assert.Equal(target, e.Target);
        Assert.Contains(says, e.Message, System.StringComparison.Ordinal);
        return e;
    }

    [Fact]
    public void ANodeIdUsedTwice_IsRefused()
    {
        Refused(Layout(Node(1, new RamRange(DramBase, 1UL << 30)), Node(1)), 1, "Node id 1 is negative or used twice.");
    }

    [Fact]
    public void ANegativeNodeId_IsRefused()
    {
        Refused(Layout(Node(-1, new RamRange(DramBase, 1UL << 30))), -1, "Node id -1 is negative or used twice.");
    }

    [Fact]
    public void NodesWithoutAnyRam_AreRefused()
    {
        Refused(Layout(Node(0), Node(1)), "lab0", "The machine has no RAM; give at least one node a RAM range.");
    }

    [Theory]
    [InlineData(DramBase + 0x800, 1UL << 30)] // start inside a 4K page
    [InlineData(DramBase, (1UL << 30) + 0x800)] // size not whole pages
    public void RamNotInWholePages_IsRefusedAtItsStart(ulong start, ulong size)
    {
        Refused(Layout(Node(0, new RamRange(start, size))), start, "must be non-empty and aligned to the 4K page size.");
    }

    [Fact]
    public void RamBeyondThePhysicalAddressSpace_IsRefused()
    {
        // 4K pages without LPA2: 48-bit physical addresses. The second range ends one page past 2^48.
        ulong start = (1UL << 48) - (1UL << 30);
        Refused(Layout(Node(0, new RamRange(DramBase, 1UL << 30), new RamRange(start, (1UL << 30) + 4096))), start,
            "exceeds the 48-bit physical address space.");
    }

    [Fact]
    public void OverlappingRanges_AreRefusedAtTheLaterOne()
    {
        ulong second = DramBase + (512UL << 20);
        Refused(Layout(Node(0, new RamRange(DramBase, 1UL << 30)), Node(1, new RamRange(second, 1UL << 30))), second,
            "overlaps another RAM range.");
    }

    [Fact]
    public void ALowestRangeTooSmallForTheKernelImage_IsRefused()
    {
        // The image takes a quarter of the lowest range and must cover four pages: 16 pages is the least that boots.
        Refused(Layout(Node(0, new RamRange(DramBase, 15 * 4096))), DramBase, "too small to hold the kernel image.");
        Assert.NotNull(SimMachine.Boot(Layout(Node(0, new RamRange(DramBase, 16 * 4096)))));
    }
}
