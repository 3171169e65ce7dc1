using System;
using System.Linq;
using System.Management.Automation;
using VmemmapPS.Arguments;
using VmemmapPS.Completion;
using VmemmapPS.Core;
using VmemmapPS.Core.Sim;
using VmemmapPS.Core.Versions;

namespace VmemmapPS.Commands;

/// <summary>
/// What the vmemmap costs: per device and in total on a machine, or for a namespace size with no machine (for
/// someone about to run ndctl create-namespace).
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "Vmemmap", DefaultParameterSetName = MachineSet)]
[OutputType(typeof(UsageRow), ParameterSetName = new[] { MachineSet, DeviceSet })]
[OutputType(typeof(SizingRow), ParameterSetName = new[] { SizingSet })]
[OutputType(typeof(SystemRamSizingRow), ParameterSetName = new[] { SystemRamSet })]
public sealed class MeasureVmemmapCommand : SimCmdletBase
{
    private const string MachineSet = "Machine";
    private const string SizingSet = "Sizing";
    private const string SystemRamSet = "SystemRamSizing";
    private const string DeviceSet = "ByInputObject";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = MachineSet)]
    [Parameter(ParameterSetName = DeviceSet)]
    [SimMachineTransformation]
    [ArgumentCompleter(typeof(MachineNameCompleter))]
    public SimMachine? Machine { get; set; }

    /// <summary>A device (Get-DeviceMemory's objects): its usage row, read from -Machine or the machine it came from.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = DeviceSet)]
    [DeviceReferenceTransformation]
    public DeviceMemory InputObject { get; set; } = null!;

    /// <summary>Only the machine's total row (Device "(total)"), instead of the per-device rows: kept apart so that
    /// sums and Export-Csv of the device rows never count a device twice.</summary>
    [Parameter(ParameterSetName = MachineSet)]
    public SwitchParameter Total { get; set; }

    /// <summary>Namespace sizes, also from the pipeline (<c>64GB, 1TB | Measure-Vmemmap</c>). Every sizing parameter
    /// takes several values: one row per combination.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = SizingSet)]
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = SystemRamSet)]
    [ByteSizeTransformation]
    public ulong[] Size { get; set; } = Array.Empty<ulong>();

    [Parameter(ParameterSetName = SizingSet)]
    [Parameter(ParameterSetName = SystemRamSet)]
    [ByteSizeTransformation]
    [ValidatePageSize]
    [ArgumentCompleter(typeof(PageSizeCompleter))]
    public ulong[] PageSize { get; set; } = { 4096 };

    /// <summary>map=dev: the struct pages live on the device. The same as -Memmap Device.</summary>
    [Parameter(ParameterSetName = SizingSet)]
    public SwitchParameter Altmap { get; set; }

    /// <summary>Where the struct pages live: SystemRam (map=mem), Device (map=dev), or both for a comparison.</summary>
    [Parameter(ParameterSetName = SizingSet)]
    [ValidateNotNullOrEmpty]
    public MemmapLocation[] Memmap { get; set; } = { MemmapLocation.SystemRam };

    [Parameter(ParameterSetName = SizingSet)]
    [ByteSizeTransformation]
    public ulong Align { get; set; }

    [Parameter(ParameterSetName = SizingSet)]
    [Parameter(ParameterSetName = SystemRamSet)]
    [ArgumentCompleter(typeof(KernelVersionCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] KernelVersion { get; set; } = { KernelProfile.DefaultVersion };

    [Parameter(ParameterSetName = SizingSet)]
    [Parameter(ParameterSetName = SystemRamSet)]
    [ArgumentCompleter(typeof(VaBitsCompleter))]
    [ValidateRange(0, 52)]
    public int VaBits { get; set; }

    /// <summary>Size hot-added System RAM (add_memory, or dax kmem) onlined to ZONE_NORMAL instead of a namespace.</summary>
    [Parameter(Mandatory = true, ParameterSetName = SystemRamSet)]
    public SwitchParameter SystemRam { get; set; }

    /// <summary>With -SystemRam: each block holds its own memmap (memmap_on_memory).</summary>
    [Parameter(ParameterSetName = SystemRamSet)]
    public SwitchParameter MemmapOnMemory { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == MachineSet)
        {
            WriteObject(Machine!.MeasureUsage().Where(r => r.IsTotal == Total.IsPresent), true);
            return;
        }

        if (ParameterSetName == DeviceSet)
        {
            if (TryResolveTarget(Machine, InputObject, out SimMachine machine) && TryFindDevice(machine, InputObject.Name, out DeviceMemory device))
            {
                WriteObject(machine.MeasureUsage().Where(r => !r.IsTotal && SimNames.Same(r.Device, device.Name)), true);
            }

            return;
        }

        if (ParameterSetName == SystemRamSet)
        {
            foreach (ulong size in Size)
            {
                foreach (ulong pageSize in PageSize)
                {
                    foreach (string kernel in KernelVersion)
                    {
                        if (TryInvoke(() => SystemRamSizing.Estimate(size, pageSize, MemmapOnMemory.IsPresent, kernel, VaBits), size, out SystemRamSizingRow row))
                        {
                            WriteObject(row);
                        }
                    }
                }
            }

            return;
        }

        ulong? align = MyInvocation.BoundParameters.ContainsKey(nameof(Align)) ? Align : null;
        MemmapLocation[] memmaps = Altmap.IsPresent && !MyInvocation.BoundParameters.ContainsKey(nameof(Memmap))
            ? new[] { MemmapLocation.Device }
            : Memmap;

        // First parameter slowest, as in scenario sweeps: rows for one size stay together.
        foreach (ulong size in Size)
        {
            foreach (ulong pageSize in PageSize)
            {
                foreach (string kernel in KernelVersion)
                {
                    foreach (MemmapLocation memmap in memmaps)
                    {
                        if (TryInvoke(() => VmemmapSizing.Estimate(size, pageSize, memmap == MemmapLocation.Device, align, kernel, VaBits), size, out SizingRow row))
                        {
                            WriteObject(row);
                        }
                    }
                }
            }
        }
    }
}
