using System;
using System.Linq;
using System.Management.Automation;
using VmemmapPS.Arguments;
using VmemmapPS.Completion;
using VmemmapPS.Core;
using VmemmapPS.Core.Units;

namespace VmemmapPS.Commands;

/// <summary>
/// Hot-removes a device (memunmap_pages). Takes -Machine and -Name, or DeviceMemory objects from the pipeline;
/// their Machine property names a session machine, so <c>Get-DeviceMemory $m pmem* | Remove-DeviceMemory</c> works.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "DeviceMemory", SupportsShouldProcess = true, DefaultParameterSetName = ByNameSet)]
[OutputType(typeof(DeviceMemory))]
public sealed class RemoveDeviceMemoryCommand : SimCmdletBase
{
    private const string ByNameSet = "ByName";
    private const string ByInputObjectSet = "ByInputObject";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ByNameSet)]
    [Parameter(ParameterSetName = ByInputObjectSet)]
    [SimMachineTransformation]
    [ArgumentCompleter(typeof(MachineNameCompleter))]
    public SimMachine? Machine { get; set; }

    /// <summary>Alias Device, as Get-DeviceMemory; wildcards allowed (each match is confirmed on its own).</summary>
    [Parameter(Mandatory = true, Position = 1, ParameterSetName = ByNameSet)]
    [Alias("Device")]
    [ArgumentCompleter(typeof(DeviceNameCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = Array.Empty<string>();

    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByInputObjectSet)]
    [DeviceReferenceTransformation]
    public DeviceMemory InputObject { get; set; } = null!;

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == ByInputObjectSet)
        {
            // -Machine wins; otherwise the machine the device was read from (or, for a device rebuilt from CSV, the
            // session machine it names).
            if (TryResolveTarget(Machine, InputObject, out SimMachine target))
            {
                Remove(target, InputObject.Name);
            }

            return;
        }

        SimMachine machine = Machine!;
        foreach (DeviceMemory device in FilterByName(machine.Devices, d => d.Name, Name, name => ErrorMapping.FromSimException(DeviceNotFound(machine, name))).ToList())
        {
            Remove(machine, device.Name);
        }
    }

    private void Remove(SimMachine machine, string name)
    {
        if (!TryFindDevice(machine, name, out DeviceMemory device))
        {
            return;
        }

        ChangeDevice(machine, device, "Hot-remove", $"{ByteSize.Format(device.Size)} of {device.Type} memory", PassThru,
            progress => machine.RemoveDevice(name, progress));
    }
}
