using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using VmemmapPS.Core.Capture;
using VmemmapPS.Core.Errors;
using VmemmapPS.Reference;
using Xunit;

namespace VmemmapPS.Core.Tests.Capture;

/// <summary>
/// The importer and the boot of an imported host, on the hand-written captures of tests/fixtures/captures (their
/// README says what each host is). The expected values are read from the fixture files here, with this test's own
/// reading of the formats, and the usable sizes come from nd_pfn_init as the reference recomputes it.
/// </summary>
public class HostImporterTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "captures", name);

    private static string FixtureText(string capture, string file) => File.ReadAllText(Path.Combine(Fixture(capture), file)).Trim();

    /// <summary>A /proc/iomem line "start-end : name" (inclusive end) of the fixture, at any depth.</summary>
    private static (ulong Start, ulong Size)[] IomemResources(string capture, string name) =>
        File.ReadAllLines(Path.Combine(Fixture(capture), "proc-iomem.txt"))
            .Select(l => Regex.Match(l, @"^\s*([0-9a-f]+)-([0-9a-f]+) : (.+)$"))
            .Where(m => m.Success && m.Groups[3].Value == name)
            .Select(m => (Hex(m.Groups[1].Value), Hex(m.Groups[2].Value) - Hex(m.Groups[1].Value) + 1))
            .ToArray();

    private static ulong Hex(string s) => ulong.Parse(s, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    /// <summary>A namespace's "size", "map" and "numa_node" (0 when absent) as ndctl list printed them.</summary>
    private static (ulong Size, string Map, int Node) NdctlNamespace(string capture, string name)
    {
        string json = FixtureText(capture, "ndctl-list.json");
        Match obj = Regex.Match(json, "\"dev\": \"" + Regex.Escape(name) + "\"[^}]*");
        Assert.True(obj.Success, $"{name} in {capture}/ndctl-list.json");
        string Field(string key) => Regex.Match(obj.Value, "\"" + key + "\": \"?(\\w+)").Groups[1].Value;
        string node = Field("numa_node");
        return (ulong.Parse(Field("size"), CultureInfo.InvariantCulture), Field("map"), node.Length == 0 ? 0 : int.Parse(node, CultureInfo.InvariantCulture));
    }

    private static ImportedHost Import(string capture) => HostImporter.Import(HostCapture.FromFolder(Fixture(capture)), "host");

    [Fact]
    public void Pmem4K_TakesPageSizeVaBitsRodataAndReleaseFromTheCapture()
    {
        const string capture = "arm64-4k-pmem";
        string config = FixtureText(capture, "kernel-config.txt");

        MachineConfig m = Import(capture).Config;

        Assert.Equal(ulong.Parse(FixtureText(capture, "pagesize.txt"), CultureInfo.InvariantCulture), m.PageSize);
        Assert.Equal(int.Parse(Regex.Match(config, @"^CONFIG_ARM64_VA_BITS=(\d+)$", RegexOptions.Multiline).Groups[1].Value, CultureInfo.InvariantCulture), m.VaBits);
        // CONFIG_RODATA_FULL_DEFAULT_ENABLED=y and no rodata= on the command line
        Assert.Contains("CONFIG_RODATA_FULL_DEFAULT_ENABLED=y", config);
        Assert.DoesNotContain("rodata=", FixtureText(capture, "proc-cmdline.txt"));
        Assert.True(m.RodataFull);
        Assert.Equal(FixtureText(capture, "uname-r.txt"), m.KernelVersion);
    }

    [Fact]
    public void Pmem4K_RamIsIomemsSystemRam_OnTheNodesTheMemoryBlocksName()
    {
        const string capture = "arm64-4k-pmem";
        (ulong Start, ulong Size)[] ram = IomemResources(capture, "System RAM");
        Assert.Equal(2, ram.Length);

        ImportedHost host = Import(capture);

        Assert.Equal(new[] { 0, 1 }, host.Config.Nodes.Select(n => n.Id).ToArray());
        for (int node = 0; node < 2; node++)
        {
            RamRange r = Assert.Single(host.Config.Nodes[node].Ram);
            Assert.Equal(ram[node].Start, r.Start);
            Assert.Equal(ram[node].Size, r.Size);
        }

        SimMachine machine = HostMachine.Boot(host).Machine;
        Assert.Equal(ram.Aggregate(0UL, (s, r) => s + r.Size), machine.SystemRamTotalBytes);
    }

    [Theory]
    [InlineData("namespace0.0")]
    [InlineData("namespace1.0")]
    public void Pmem4K_EachNamespaceSitsAtItsIomemResource_WithTheCapacityNdPfnInitGives(string name)
    {
        const string capture = "arm64-4k-pmem";
        (ulong start, ulong size) = Assert.Single(IomemResources(capture, name));
        (ulong reported, string map, int node) = NdctlNamespace(capture, name);
        var g = new RefGeometry(4096, 48, "6.12");
        ulong usable = new RefNvdimmPfn(g, start, size, mapDev: map == "dev").UsableBytes;
        Assert.Equal(usable, reported); // the fixture itself follows nd_pfn_init

        ImportedHost host = Import(capture);
        HostMachineResult result = HostMachine.Boot(host);

        SimMachine machine = result.Machine;
        ImportedDevice imported = host.Devices.Single(d => d.Spec.Name == name);
        Assert.Equal(map == "dev", imported.Spec.Altmap);
        Assert.Equal(reported, imported.ReportedBytes);
        DeviceMemory d = machine.Devices.Single(x => x.Name == name);
        Assert.Equal(DeviceType.FsDax, d.Type);
        Assert.Equal((start, size, node), (d.Start, d.Size, d.Node));
        Assert.Equal(map == "dev" ? MemmapLocation.Device : MemmapLocation.SystemRam, d.MemmapLocation);
        Assert.Equal(usable, d.UsableBytes);
        Assert.All(result.Devices, r => Assert.True(r.Success, r.Message));
        Assert.DoesNotContain(result.Warnings, w => w.Contains("usable"));
    }

    [Fact]
    public void DevDax64K_RodataOff_TheNamespaceOnce_AndTheNodeAssumed()
    {
        const string capture = "arm64-64k-devdax";
        (ulong start, ulong size) = Assert.Single(IomemResources(capture, "namespace0.0"));
        Assert.Contains("rodata=off", FixtureText(capture, "proc-cmdline.txt"));
        var g = new RefGeometry(65536, 48, "6.8");

        ImportedHost host = Import(capture);
        SimMachine machine = HostMachine.Boot(host).Machine;

        Assert.Equal(65536UL, host.Config.PageSize);
        Assert.False(host.Config.RodataFull);
        DeviceMemory d = Assert.Single(machine.Devices); // dax0.0 is the namespace's device, not a second range
        Assert.Equal("namespace0.0", d.Name);
        Assert.Equal(DeviceType.DevDax, d.Type);
        Assert.Equal(new RefNvdimmPfn(g, start, size, mapDev: false).UsableBytes, d.UsableBytes);
        Assert.Equal(NdctlNamespace(capture, "namespace0.0").Size, d.UsableBytes);
        Assert.Contains(host.Assumptions, a => a.StartsWith("NUMA", StringComparison.Ordinal)); // no memory blocks to say where
        Assert.Contains(machine.Assumptions, a => a.StartsWith("NUMA", StringComparison.Ordinal));
    }

    [Fact]
    public void WithoutRoot_RamComesFromTheOnlineBlocks_AndNoDeviceStartIsInvented()
    {
        const string capture = "arm64-4k-nonroot";
        string[] rows = File.ReadAllLines(Path.Combine(Fixture(capture), "memory-blocks.tsv")).Skip(1).Where(l => l.Length > 0).ToArray();
        ulong online = (ulong)rows.Count(r => r.Split('\t')[2] == "online");
        ulong blockSize = Hex(FixtureText(capture, "block_size_bytes.txt"));

        ImportedHost host = Import(capture);
        SimMachine machine = HostMachine.Boot(host).Machine;

        Assert.Contains(host.Warnings, w => w.Contains("proc-iomem.txt: every address is zero"));
        Assert.Contains(host.Assumptions, a => a.StartsWith("RAM: rebuilt from the online memory blocks", StringComparison.Ordinal));
        Assert.Equal(online * blockSize, machine.SystemRamTotalBytes);
        Assert.Empty(host.Devices);
        Assert.Contains(host.Warnings, w => w.Contains("namespace0.0's physical start is unknown"));
    }

    [Fact]
    public void Kmem_TheDeviceIsSystemRamAtItsKmemResource_EachBlockKeepingItsMemmap()
    {
        const string capture = "arm64-4k-kmem";
        (ulong kmemStart, ulong kmemSize) = Assert.Single(IomemResources(capture, "System RAM (kmem)"));
        ulong blockSize = Hex(FixtureText(capture, "block_size_bytes.txt"));
        ulong blocks = kmemSize / blockSize;
        ulong bootRam = IomemResources(capture, "System RAM").Aggregate(0UL, (s, r) => s + r.Size);
        var g = new RefGeometry(4096, 48, "6.12");
        Assert.Equal(g.SectionSize, blockSize); // memory_block_size_bytes() on arm64
        ulong perBlock = g.MemmapOnMemoryPagesPerBlock * g.PageSize;

        HostMachineResult result = HostMachine.Boot(Import(capture));
        SimMachine machine = result.Machine;

        DeviceMemory d = machine.Devices.Single(x => x.Name == "namespace0.0");
        Assert.Equal(DeviceMode.SystemRam, d.Mode);
        Assert.Equal((kmemStart, kmemSize, blocks), (d.SystemRamStart, d.SystemRamBytes, d.MemoryBlocks));
        Assert.Equal(blocks * perBlock, d.MemmapOnMemoryBytes);
        Assert.Equal(bootRam + kmemSize - blocks * perBlock, machine.SystemRamTotalBytes);
        Assert.DoesNotContain(result.Warnings, w => w.Contains("kmem"));
    }

    [Fact]
    public void PiecesOnTheirOwn_BuildTheMachine_AndVaBitsIsAssumed()
    {
        string dir = Fixture("arm64-4k-pmem");
        var capture = new HostCapture();
        capture.Set(CapturePiece.Iomem, Path.Combine(dir, "proc-iomem.txt"));
        capture.Set(CapturePiece.NdctlList, Path.Combine(dir, "ndctl-list.json"));
        capture.SetText(CapturePiece.KernelRelease, "-KernelRelease", FixtureText("arm64-4k-pmem", "uname-r.txt"));
        capture.SetText(CapturePiece.PageSize, "-PageSize", "4096");

        ImportedHost host = HostImporter.Import(capture, "pieces");

        Assert.Equal(2, host.Devices.Count);
        Assert.Contains(host.Assumptions, a => a.StartsWith("VA_BITS", StringComparison.Ordinal));
    }

    [Fact]
    public void APieceGivenOnItsOwn_ReplacesTheFoldersPiece()
    {
        HostCapture capture = HostCapture.FromFolder(Fixture("arm64-4k-pmem"));
        capture.SetText(CapturePiece.KernelRelease, "-KernelRelease", "5.9");

        Assert.Equal("5.9", HostImporter.Import(capture, "host").Config.KernelVersion);
    }

    [Theory]
    [InlineData("broken/truncated-json", "ndctl-list.json:7:")]
    [InlineData("broken/x86", "x86_64")]
    [InlineData("broken/x86-config-only", "x86_64")]
    [InlineData("broken/bad-iomem", "proc-iomem.txt:2:")]
    public void BrokenCaptures_AreInvalidCapture_NamingTheFileAndLine(string capture, string named)
    {
        SimException e = Assert.Throws<SimException>(() => Import(capture));

        Assert.Equal(FailureKind.InvalidCapture, e.Kind);
        Assert.Contains(named, e.Message);
    }

    [Fact]
    public void AnUnknownRelease_IsRefusedAtBoot_NamingWhereItCameFrom()
    {
        ImportedHost host = Import("broken/old-kernel");

        SimException e = Assert.Throws<SimException>(() => HostMachine.Boot(host));

        Assert.Equal(FailureKind.UnknownKernelVersion, e.Kind);
        Assert.StartsWith("uname-r.txt", Path.GetFileName(e.Target?.ToString() ?? string.Empty));
        Assert.Contains("uname-r.txt", e.Message);
    }

    [Fact]
    public void AMissingFolder_IsCaptureNotFound()
    {
        string missing = Fixture("no-such-capture");

        SimException e = Assert.Throws<SimException>(() => HostCapture.FromFolder(missing));

        Assert.Equal(FailureKind.CaptureNotFound, e.Kind);
        Assert.Equal(missing, e.Target);
    }

    [Fact]
    public void AHumanReadableNdctlSize_IsRefused_AskingForACaptureWithoutU()
    {
        HostCapture capture = HostCapture.FromFolder(Fixture("arm64-4k-pmem"));
        string json = FixtureText("arm64-4k-pmem", "ndctl-list.json").Replace("\"size\": 67643637760", "\"size\": \"63.00 GiB (67.64 GB)\"");
        capture.SetText(CapturePiece.NdctlList, "ndctl-list.json", json);

        SimException e = Assert.Throws<SimException>(() => HostImporter.Import(capture, "host"));

        Assert.Equal(FailureKind.InvalidCapture, e.Kind);
        Assert.Matches(@"ndctl-list\.json:\d+: ""size"": ""63\.00 GiB \(67\.64 GB\)"" is not a number of bytes; capture without -u", e.Message);
    }
}
