using System.Management.Automation;
using VmemmapPS.Arguments;
using VmemmapPS.Completion;
using VmemmapPS.Core;
using VmemmapPS.Core.Units;

namespace VmemmapPS.Commands;

/// <summary>
/// Tears down the vmemmap of a physical range while the device stays registered (section_deactivate /
/// vmemmap_free), for experiments such as freeing with or without the device's altmap.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "Vmemmap", SupportsShouldProcess = true)]
[OutputType(typeof(HotplugResult))]
public sealed class RemoveVmemmapCommand : SimMachineCmdletBase
{
    /// <summary>Physical start of the range whose struct pages are unmapped.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ByteSizeTransformation]
    public ulong Start { get; set; }

    [Parameter(Mandatory = true, Position = 2)]
    [ByteSizeTransformation]
    public ulong Size { get; set; }

    /// <summary>Pass this device's altmap to the teardown; without it the altmap is NULL, as for system RAM.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(DeviceNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string? Device { get; set; }

    /// <summary>Emit the operation's result (RAM delta, warnings).</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (Device is not null && !TryFindDevice(Machine, Device, out _))
        {
            return;
        }

        string target = $"[{ByteSize.Hex(Start)}-{ByteSize.Hex(Start + Size - 1)}] on {Machine.Name}";
        string altmap = Device is null ? "a NULL altmap" : $"the altmap of '{Device}'";
        if (!ShouldMutate(target, $"Tear down the vmemmap of {ByteSize.Format(Size)} with {altmap}", out _))
        {
            return;
        }

        if (TryInvoke(() => Machine.RemoveVmemmap(Start, Size, Device), target, out HotplugResult result)
            && ReportResult(result, target) && PassThru)
        {
            WriteObject(result);
        }
    }
}
