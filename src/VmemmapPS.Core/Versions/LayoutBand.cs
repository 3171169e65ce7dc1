namespace VmemmapPS.Core.Versions;

/// <summary>Which VMEMMAP_START/END formula the kernel uses.</summary>
public enum LayoutBand
{
    /// <summary>VMEMMAP_START = -VMEMMAP_SIZE - 2M.</summary>
    V5_4,
    /// <summary>VMEMMAP_START = -(2^(VA_BITS - VMEMMAP_SHIFT)).</summary>
    V5_11,
    /// <summary>VMEMMAP_END = -1G (LPA2 layout).</summary>
    V6_9,
}
