using System.Linq;
using VmemmapPS.Core.Units;
using Xunit;

namespace VmemmapPS.Core.Tests.Kernel;

/// <summary>The same calls give byte-identical observable output (no time, randomness or hash order).</summary>
public class DeterminismTests
{
    [Theory]
    [InlineData(4096UL, "5.9")]
    [InlineData(4096UL, "6.14")]
    [InlineData(16384UL, "6.6")]
    [InlineData(65536UL, "5.12")]
    public void SameSequenceTwice_IdenticalTablesUsageAndLogs(ulong pageSize, string version)
    {
        (string dump1, string usage1, string log1) = Run(pageSize, version);
        (string dump2, string usage2, string log2) = Run(pageSize, version);

        Assert.False(string.IsNullOrEmpty(dump1));
        Assert.Equal(dump1, dump2);
        Assert.Equal(usage1, usage2);
        Assert.Equal(log1, log2);
    }

    [Fact]
    public void Clone_IsIndependentAndBehavesTheSame()
    {
        var rig = KernelRig.Boot(version: "6.6");
        rig.Add(KernelRig.FsDax("pmem0", 0x400_0000_0000UL, 16 * ByteSize.GiB, altmap: true));
        string original = MachineSnapshot.Take(rig.Machine);

        SimMachine clone = rig.Machine.Clone();
        Assert.Equal(original, MachineSnapshot.Take(clone));
        HotplugResult onClone = clone.RemoveDevice("pmem0");

        Assert.Equal(original, MachineSnapshot.Take(rig.Machine));
        HotplugResult onOriginal = rig.Machine.RemoveDevice("pmem0");
        Assert.Equal(onOriginal.SystemRamDeltaBytes, onClone.SystemRamDeltaBytes);
        Assert.Equal(MachineSnapshot.Take(rig.Machine), MachineSnapshot.Take(clone));
    }

    private static (string Dump, string Usage, string Log) Run(ulong pageSize, string version)
    {
        var rig = KernelRig.Boot(pageSize: pageSize, version: version, emptySecondNode: true);
        ulong baseAddr = 0x400_0000_0000UL;
        rig.Add(KernelRig.FsDax("pmem0", baseAddr, 16 * ByteSize.GiB, altmap: true));
        rig.Add(KernelRig.FsDax("pmem1", baseAddr + 16 * ByteSize.GiB, 16 * ByteSize.GiB, altmap: false));
        rig.Add(KernelRig.Generic("cxl0", baseAddr + 64 * ByteSize.GiB, 4 * ByteSize.GiB, node: 1));
        rig.Machine.RemoveDevice("pmem1");
        string usage = string.Join("\n", rig.Machine.MeasureUsage().Select(MachineSnapshot.Usage));
        return (rig.Machine.DumpPageTables(), usage, MachineSnapshot.Allocations(rig.Machine));
    }
}
