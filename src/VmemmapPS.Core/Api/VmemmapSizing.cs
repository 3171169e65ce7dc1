using System;

namespace VmemmapPS.Core;

/// <summary>Sizing without a machine (Measure-Vmemmap -Size): what a namespace of this size costs.</summary>
public static class VmemmapSizing
{
    /// <summary>Throws SimException for bad input. align = null: kernel default PFN alignment.</summary>
    public static SizingRow Estimate(ulong size, ulong pageSize, bool altmap, ulong? align = null, string kernelVersion = KernelProfile.DefaultVersion, int vaBits = 0, bool rodataFull = true)
        => throw new NotImplementedException();
}
