using VmemmapPS.Core.Arch.Arm64;
using VmemmapPS.Core.Drivers.Dax;

namespace VmemmapPS.Core.Sim;

/// <summary>
/// The simulated arm64 kernel: the end of the chain <see cref="KernelState"/> → <see cref="Mm.PageAllocator"/> →
/// <see cref="KernelPageTables"/> → <see cref="Mm.GenericMm"/> → <see cref="Arm64Mm"/> →
/// <see cref="Drivers.Base.MemoryBlockDevices"/> →
/// <see cref="Drivers.Nvdimm.PfnDevs"/> → <see cref="DaxKmem"/>, plus boot (Boot.cs).
/// </summary>
internal sealed partial class Kernel : DaxKmem
{
    public Kernel(Arm64Geometry geometry, bool rodataFull)
        : base(geometry, rodataFull)
    {
    }

    /// <summary>A deep copy: an operation runs on it and replaces the machine's kernel only when it is kept.</summary>
    public Kernel Clone() => (Kernel)CloneState();
}
