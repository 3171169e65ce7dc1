using VmemmapPS.Core.Errors;
using VmemmapPS.Reference;
using VmemmapPS.Core.Units;
using Xunit;

namespace VmemmapPS.Core.Tests.Kernel;

/// <summary>
/// 16K pages: the default PFN alignment (32 MiB) exceeds the 2 MiB start alignment. A namespace that starts
/// r = start mod 32 MiB into an alignment unit (2..14 MiB) and ends before the next boundary (16 MiB up to 32 MiB - r)
/// has end_trunc = r + size > size. v6.6's check offset >= size - end_trunc then wraps and passes; npfns wraps;
/// memremap_pages gets [start, start + size - end_trunc - 1], below its start, and xa_store_range refuses it
/// (-EINVAL). Measured on Debian's 6.12.117 (16K): 16 MiB at 0x1_4020_0000 writes dataoff 0x1E00000,
/// npfns 0x3FFFFFFFFF800, end_trunc 0x1200000 and fails the probe with -22; later probes fail with -95.
/// </summary>
public class EndTruncUnderflowTests
{
    private const ulong Align = 32 * ByteSize.MiB;
    private const ulong Base = 0x1_4000_0000UL;  // 32 MiB aligned, where RAM ends

    private static KernelRig Boot(string version) => KernelRig.Boot(pageSize: 16384, version: version, ramSize: Base - KernelRig.DramBase);

    [Fact]
    public void MeasuredCase_FailsWithEinval_HotAddsNothing_AndTheBadInfoBlockPersists()
    {
        var rig = Boot("6.12.117+deb12-arm64-16k");
        ulong start = Base + 2 * ByteSize.MiB, size = 16 * ByteSize.MiB;
        ulong endTrunc = start + size - RefGeometry.AlignDown(start + size, Align);
        ulong npfns = (size - 8 * ByteSize.KiB) / 16384;
        ulong offset = RefGeometry.AlignUp(start + 8 * ByteSize.KiB + 64 * npfns, Align) - start;
        Assert.Equal(0x1200000UL, endTrunc);
        Assert.Equal(0x1E00000UL, offset);
        ulong wrapped = unchecked(size - offset - endTrunc) / 16384;
        Assert.Equal(0x3FFFFFFFFF800UL, wrapped);

        HotplugResult r = rig.Add(KernelRig.FsDax("pmem0", start, size, altmap: true, align: Align));

        Assert.False(r.Success);
        Assert.Equal(Errno.EINVAL, r.Errno);
        Assert.False(r.LeftState);
        Assert.Empty(r.Warnings);                         // no WARN: nothing was allocated from the altmap
        Assert.Contains($"npfns 0x{wrapped:X}", r.Message);
        Assert.Contains("0x140200000-0x13FFFFFFF", r.Message);
        Assert.Contains("kernel bug", r.Message);
        Assert.Empty(rig.Machine.Devices);
        rig.AssertRamBackToBoot();

        SimException again = Assert.Throws<SimException>(() => rig.Add(KernelRig.FsDax("pmem0", start, size, altmap: true, align: Align)));
        Assert.Equal(Errno.EOPNOTSUPP, again.Errno);
        Assert.Equal("nd_pfn_validate", again.KernelFunction);
        Assert.Contains($"alignment: {Align:x} exceeds capacity {size:x}", again.Message);

        // The invariant checker names the bad info block: map=dev reserves dataoff from the start, past the end.
        InvariantFinding f = Assert.Single(rig.Machine.CheckInvariants(), x => x.Check == "InfoBlockOutOfRange");
        Assert.Equal(start + size, f.Address);
        Assert.Contains($"{ByteSize.Format(offset - size)} past its end", f.Message);
        Assert.Contains($"dataoff {ByteSize.Hex(offset)}", f.Message);
    }

    [Theory]
    [InlineData(2UL, 16UL, true)]    // the measured shape
    [InlineData(14UL, 16UL, true)]   // largest remainder: ends 2 MiB short of the boundary
    [InlineData(2UL, 28UL, true)]    // largest size for r = 2: ends 2 MiB short
    [InlineData(2UL, 30UL, false)]   // ends on the boundary: end_trunc 0
    [InlineData(2UL, 32UL, false)]   // crosses it: end_trunc 2 MiB < size
    [InlineData(16UL, 16UL, false)]  // r = 16: ends on the boundary
    [InlineData(0UL, 16UL, false)]   // aligned start: offset 32 MiB >= size: refused by the check itself
    public void ShapeRule_WrapsOnlyInsideTheWindow(ulong remainderMiB, ulong sizeMiB, bool wraps)
    {
        ulong start = Base + Align * 4 + remainderMiB * ByteSize.MiB, size = sizeMiB * ByteSize.MiB;
        ulong endTrunc = start + size - RefGeometry.AlignDown(start + size, Align);
        Assert.Equal(wraps, endTrunc > size);
        var rig = Boot("6.12.117");

        HotplugResult? r = null;
        SimException? e = Record.Exception(() => r = rig.Add(KernelRig.FsDax("pmem0", start, size, altmap: true, align: Align))) as SimException;

        if (wraps)
        {
            Assert.Null(e);
            Assert.Equal(Errno.EINVAL, r!.Errno);
        }
        else
        {
            // either bound (end_trunc <= size) or refused by nd_pfn_init's check with -ENXIO, never the wrap
            Assert.True(e is null ? r!.Success : e.Errno == Errno.ENXIO, e?.Message ?? r!.Message);
        }
    }

    [Theory]
    [InlineData("6.5.13")]
    [InlineData("6.1.132")]
    public void BeforeTheZeroSizeCheck_OffsetAgainstSizeRefusesIt(string version)
    {
        var rig = Boot(version);
        SimException e = Assert.Throws<SimException>(() =>
            rig.Add(KernelRig.FsDax("pmem0", Base + 2 * ByteSize.MiB, 16 * ByteSize.MiB, altmap: true, align: Align)));

        Assert.Equal(Errno.ENXIO, e.Errno);
        Assert.Equal("nd_pfn_init", e.KernelFunction);
    }
}
