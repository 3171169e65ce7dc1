using System.Collections.Generic;
using System.Linq;
using VmemmapPS.Core.Capture;
using VmemmapPS.Core.Errors;
using Xunit;

namespace VmemmapPS.Core.Tests.Capture;

public class CaptureParserTests
{
    private static CaptureFile File(string name, string text) => new(name, text);

    [Fact]
    public void Iomem_ReadsRangesInclusiveAndNestingByTwoSpaces()
    {
        IReadOnlyList<IomemResource> r = IomemParser.Parse(File("iomem", "40000000-13fffffff : System RAM\n  40210000-4167ffff : Kernel code\n1000000000-1fffffffff : Persistent Memory\n  1000000000-1fffffffff : namespace0.0\n    1000200000-1fffffffff : dax0.0\n"));
        Assert.Equal(new[] { 0, 1, 0, 1, 2 }, r.Select(x => x.Depth).ToArray());
        // r_show prints the inclusive end, so the size is end - start + 1
        Assert.Equal(0x1_4000_0000UL - 0x4000_0000UL, r[0].Size);
        Assert.Equal("dax0.0", r[4].Name);
        Assert.False(IomemParser.AddressesHidden(r));
    }

    [Fact]
    public void Iomem_WithoutRoot_IsRecognisedAsHidden()
    {
        IReadOnlyList<IomemResource> r = IomemParser.Parse(File("iomem", "00000000-00000000 : System RAM\n  00000000-00000000 : Kernel code\n"));
        Assert.True(IomemParser.AddressesHidden(r));
    }

    [Theory]
    [InlineData("40000000 System RAM")]
    [InlineData("zz-13fffffff : System RAM")]
    [InlineData("13fffffff-40000000 : System RAM")]
    public void Iomem_RefusesLinesThatAreNotIomem_NamingFileAndLine(string bad)
    {
        SimException e = Assert.Throws<SimException>(() => IomemParser.Parse(File("proc-iomem.txt", "40000000-13fffffff : System RAM\n" + bad + "\n")));
        Assert.Equal(FailureKind.InvalidCapture, e.Kind);
        Assert.StartsWith("proc-iomem.txt:2:", e.Message);
    }

    [Fact]
    public void KernelConfig_ReadsValuesAndNotSetLines()
    {
        KernelConfig c = KernelConfig.Parse(File("config", "CONFIG_ARM64=y\n# CONFIG_ARM64_16K_PAGES is not set\nCONFIG_ARM64_VA_BITS=48\nCONFIG_CMDLINE=\"\"\n"));
        Assert.True(c.IsEnabled("ARM64"));
        Assert.False(c.IsEnabled("ARM64_16K_PAGES"));
        Assert.Equal("48", c.Get("ARM64_VA_BITS"));
        Assert.Equal(string.Empty, c.Get("CMDLINE"));
    }

    [Fact]
    public void Cmdline_LastValueWinsAndDashesEqualUnderscores()
    {
        var c = new KernelCmdline("root=/dev/vda rodata=on memory-hotplug.memmap_on_memory=1 rodata=full console=\"ttyAMA0 115200\" quiet");
        Assert.Equal("full", c.Get("rodata"));
        Assert.Equal("1", c.Get("memory_hotplug.memmap_on_memory"));
        Assert.Equal("ttyAMA0 115200", c.Get("console"));
        Assert.True(c.Has("quiet"));
        Assert.Null(c.Get("quiet"));
    }

    [Fact]
    public void NdctlList_BackToBackObjectsOfOldReleases_ReadAsOneList()
    {
        string text = "{\n  \"dev\":\"ndbus0\",\n  \"namespaces\":[ {\"dev\":\"namespace0.0\",\"mode\":\"fsdax\",\"size\":8589934592} ]\n}\n{\n  \"dev\":\"ndbus1\",\n  \"namespaces\":[ {\"dev\":\"namespace1.0\",\"mode\":\"devdax\",\"size\":4225761280} ]\n}\n";
        var root = JsonListReader.Read(File("ndctl-list.json", text));
        Assert.Equal(new[] { "namespace0.0", "namespace1.0" }, JsonListReader.ObjectsWith(root, "dev", "mode").Select(m => JsonListReader.Text(m, "dev")).ToArray());
    }

    [Fact]
    public void NdctlList_Truncated_IsRefusedWithItsLine()
    {
        SimException e = Assert.Throws<SimException>(() => JsonListReader.Read(File("ndctl-list.json", "[\n  {\n    \"dev\":\"namespace0.0\",\n    \"size\":67\n")));
        Assert.Equal(FailureKind.InvalidCapture, e.Kind);
        Assert.Matches(@"^ndctl-list\.json:\d+: ", e.Message);
    }

    [Fact]
    public void MemoryBlocks_ReadHexIndexAndNode_SortedByIndex()
    {
        IReadOnlyList<MemoryBlock> b = MemoryBlockTable.Parse(File("memory-blocks.tsv", "block\tphys_index\tstate\tvalid_zones\tphys_device\tnode\nmemory10\t0000000a\toffline\tNormal,Movable\t0\t1\nmemory8\t00000008\tonline\tNormal\t0\t-\n"));
        Assert.Equal(new ulong[] { 8, 10 }, b.Select(x => x.Index).ToArray());
        Assert.Null(b[0].Node);
        Assert.Equal(1, b[1].Node);
        Assert.True(b[0].Online);
        Assert.Equal(0x800_0000UL, MemoryBlockTable.ParseBlockSize(File("block_size_bytes", "8000000\n")));
        Assert.Throws<SimException>(() => MemoryBlockTable.ParseBlockSize(File("block_size_bytes", "6000000\n")));
    }
}
