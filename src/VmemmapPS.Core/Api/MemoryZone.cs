namespace VmemmapPS.Core;

/// <summary>The zone of an online memory block (None while offline).</summary>
public enum MemoryZone
{
    None,
    Normal,
    Movable,
}
