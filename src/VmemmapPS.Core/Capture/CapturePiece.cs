namespace VmemmapPS.Core.Capture;

/// <summary>The pieces of a capture Import-SimMachine reads, each from its own file of the capture folder.</summary>
public enum CapturePiece
{
    KernelRelease,
    Machine,
    PageSize,
    Cmdline,
    Iomem,
    Meminfo,
    BlockSize,
    MemoryBlocks,
    KernelConfig,
    MemmapOnMemoryParameter,
    NdctlList,
    DaxctlList,
    CxlList,
}
