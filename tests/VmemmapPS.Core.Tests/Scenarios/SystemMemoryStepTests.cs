using System.Linq;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Scenarios;
using Xunit;

namespace VmemmapPS.Core.Tests.Scenarios;

/// <summary>The System RAM steps and metrics: addSystemMemory, setSystemMemory, removeSystemMemory, setDeviceMemory.</summary>
public class SystemMemoryStepTests
{
    // 4K on 6.14: memory blocks are 128M; PFN_UP(32768 pages * 64 B) = 512 pages = 2M of memmap per block
    private const string Machine = "machine:\n  pageSize: 4K\n  kernel: \"6.14\"\n";

    [Fact]
    public void AddOnlineOfflineRemove_MetricsFollowMemTotal()
    {
        const string yaml = Machine + "steps:\n" +
            "  - label: start\n" +
            "  - addSystemMemory: { name: cxl0, start: 0x1000000000, size: 1G, memmapOnMemory: true, online: Movable }\n" +
            "    expect:\n" +
            "      systemRamTotal: { since: start, value: 0x3f000000 }\n" +          // 8 * (128M - 2M) = 1008M
            "      systemMemory.cxl0.movableBlocks: 8\n" +
            "      systemMemory.cxl0.memmapOnMemoryBytes: 16M\n" +
            "      usage.cxl0.memmapOnMemoryBytes: 16M\n" +
            "  - setSystemMemory: { name: cxl0, online: None, firstBlock: 2, blocks: 3 }\n" +
            "    expect:\n" +
            "      systemMemory.cxl0.onlineBlocks: 5\n" +
            "      systemRamTotal: { since: start, value: 0x27600000 }\n" +          // 5 * 126M = 630M
            "  - removeSystemMemory: cxl0\n" +
            "    expect:\n" +
            "      success: true\n" +
            "      systemMemory.cxl0.present: false\n" +
            "      systemRamFree: { since: start, value: 0 }\n";

        ScenarioRun run = ScenarioAssert.Run(yaml);

        Assert.True(run.Pass, string.Join("\n", run.Results.Where(r => !r.Pass).Select(r => r.ToString())));
    }

    [Fact]
    public void UnalignedAdd_FailsWithTheKernelsErrno_WhenTheFileSaysSo()
    {
        const string yaml = Machine + "steps:\n" +
            "  - addSystemMemory: { name: x, start: 0x1004000000, size: 64M }\n" +
            "    expect:\n" +
            "      errno: EINVAL\n" +
            "      errorId: UnalignedRange\n" +
            "      failedFunction: check_hotplug_memory_range\n";

        Assert.True(ScenarioAssert.Run(yaml).Pass);
    }

    [Fact]
    public void RemovingSystemMemoryNoStepAdded_IsADanglingName()
    {
        ScenarioAssert.Fails(Machine + "steps:\n  - removeSystemMemory: ghost\n", FailureKind.ScenarioValidationFailed, "DanglingDevice", 5, 25);
    }

    [Fact]
    public void ExportedMachineWithSystemRamAndKmem_RunsBackToTheSameUsage()
    {
        var machine = SimMachine.Boot(new MachineConfig { KernelVersion = "6.14", DefaultOnlineType = OnlineType.Auto });
        Assert.True(machine.AddSystemMemory(new SystemMemorySpec { Name = "ram0", Start = 0x1000000000, Size = 1UL << 30, MemmapOnMemory = true }).Success);
        Assert.True(machine.SetSystemMemoryState("ram0", OnlineType.None, 0, 2).Success);
        Assert.True(machine.SetSystemMemoryState("ram0", OnlineType.Movable, 0, 1).Success);
        Assert.True(machine.AddDevice(new DeviceSpec { Name = "dax0.0", Type = DeviceType.Generic, Start = 0x2000000000, Size = 2UL << 30 }).Success);
        Assert.True(machine.SetDeviceMode("dax0.0", DeviceMode.SystemRam, memmapOnMemory: false, online: OnlineType.Kernel).Success);

        string yaml = ScenarioExporter.Export(machine);
        ScenarioRun run = ScenarioRunner.Run(ScenarioLoader.Parse(yaml, "exported.yaml"));

        Assert.True(run.Pass, yaml + "\n" + string.Join("\n", run.Results.Where(r => !r.Pass).Select(r => r.ToString())));
        Assert.Contains("defaultOnlineType: Auto", yaml);
    }
}
