using System.Collections.Generic;

namespace VmemmapPS.Core.Capture;

/// <summary>The file names vmemmapps-capture.sh writes, one place for the script's contract with the importer.</summary>
public static class CaptureLayout
{
    private static readonly Dictionary<CapturePiece, string> Names = new()
    {
        [CapturePiece.KernelRelease] = "uname-r.txt",
        [CapturePiece.Machine] = "uname-m.txt",
        [CapturePiece.PageSize] = "pagesize.txt",
        [CapturePiece.Cmdline] = "proc-cmdline.txt",
        [CapturePiece.Iomem] = "proc-iomem.txt",
        [CapturePiece.Meminfo] = "proc-meminfo.txt",
        [CapturePiece.BlockSize] = "block_size_bytes.txt",
        [CapturePiece.MemoryBlocks] = "memory-blocks.tsv",
        [CapturePiece.KernelConfig] = "kernel-config.txt",
        [CapturePiece.MemmapOnMemoryParameter] = "memory_hotplug-memmap_on_memory.txt",
        [CapturePiece.NdctlList] = "ndctl-list.json",
        [CapturePiece.DaxctlList] = "daxctl-list.json",
        [CapturePiece.CxlList] = "cxl-list.json",
    };

    /// <summary>The script's own notes: what it could not read, whether it ran as root.</summary>
    public const string InfoFile = "capture-info.txt";

    public static string FileName(CapturePiece piece) => Names[piece];

    public static IEnumerable<CapturePiece> Pieces => Names.Keys;
}
