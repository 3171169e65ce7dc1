namespace VmemmapPS.Core;

/// <summary>Which kernel VA region a table or mapping belongs to.</summary>
public enum PageTableRegion
{
    Linear,
    Vmemmap,
}
