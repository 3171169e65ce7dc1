using System;
using System.Management.Automation;
using VmemmapPS.Arguments;
using VmemmapPS.Completion;
using VmemmapPS.Core;
using VmemmapPS.Core.Versions;

namespace VmemmapPS.Commands;

/// <summary>
/// What the vmemmap costs: per device and in total on a machine, or for a namespace size with no machine (for
/// someone about to run ndctl create-namespace).
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "Vmemmap", DefaultParameterSetName = MachineSet)]
[OutputType(typeof(UsageRow), ParameterSetName = new[] { MachineSet })]
[OutputType(typeof(SizingRow), ParameterSetName = new[] { SizingSet })]
public sealed class MeasureVmemmapCommand : SimCmdletBase
{
    private const string MachineSet = "Machine";
    private const string SizingSet = "Sizing";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = MachineSet)]
    [SimMachineTransformation]
    [ArgumentCompleter(typeof(MachineNameCompleter))]
    public SimMachine Machine { get; set; } = null!;

    /// <summary>Namespace sizes; one row each.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = SizingSet)]
    [ByteSizeTransformation]
    public ulong[] Size { get; set; } = Array.Empty<ulong>();

    [Parameter(ParameterSetName = SizingSet)]
    [ByteSizeTransformation]
    [ValidatePageSize]
    [ArgumentCompleter(typeof(PageSizeCompleter))]
    public ulong PageSize { get; set; } = 4096;

    /// <summary>map=dev: the struct pages live on the device.</summary>
    [Parameter(ParameterSetName = SizingSet)]
    public SwitchParameter Altmap { get; set; }

    [Parameter(ParameterSetName = SizingSet)]
    [ByteSizeTransformation]
    public ulong Align { get; set; }

    [Parameter(ParameterSetName = SizingSet)]
    [ArgumentCompleter(typeof(KernelVersionCompleter))]
    [ValidateNotNullOrEmpty]
    public string KernelVersion { get; set; } = KernelProfile.DefaultVersion;

    [Parameter(ParameterSetName = SizingSet)]
    [ArgumentCompleter(typeof(VaBitsCompleter))]
    [ValidateRange(0, 52)]
    public int VaBits { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == MachineSet)
        {
            WriteObject(Machine.MeasureUsage(), true);
            return;
        }

        ulong? align = MyInvocation.BoundParameters.ContainsKey(nameof(Align)) ? Align : null;
        foreach (ulong size in Size)
        {
            if (TryInvoke(() => VmemmapSizing.Estimate(size, PageSize, Altmap.IsPresent, align, KernelVersion, VaBits), size, out SizingRow row))
            {
                WriteObject(row);
            }
        }
    }
}
