namespace VmemmapPS.Core;

/// <summary>Where the struct pages of a device live: nvdimm map=mem (SystemRam) or map=dev (Device, through a vmem_altmap).</summary>
public enum MemmapLocation
{
    SystemRam,
    Device,
}
