namespace VmemmapPS.Core.Versions;

/// <summary>One behaviour the simulated kernel changes at a known commit (see <see cref="KernelTimeline"/>).</summary>
public enum KernelSwitch
{
    AltmapInVmemmapPopulate,
    MemremapMultiRange,
    LinearRegionCheck,
    PmdBasepageFallback,
    VmemmapBelowLinearProjection,
    SmallSections,
    MappableRangeApi,
    PopulateWindowWarning,
    GenericVmemmapHugepages,
    ZeroSizeNamespaceCheck,
    VmemmapBelowMinus1G,
    Lpa2,
    SubsectionBasepages,
    CheckPmdReturnsSect,
    Pa52With64kPages,
    MemmapOnMemory,
    MemmapOnMemoryFallback,
    PerBlockAltmaps,
    DaxMemmapOnMemoryAttribute,
    Bbml2BlockLinearMap,
    CompoundDevmaps,
    DaxVmemmapArchGate,
    BlockDevicesErrorKeepsAltmap,
    PerBlockErrorKeepsAltmap,
}
