using System.Management.Automation;
using VmemmapPS.Completion;
using VmemmapPS.Core;

namespace VmemmapPS.Commands;

/// <summary>The devices registered on a machine, in add order; a piped device is read again from its machine.</summary>
[Cmdlet(VerbsCommon.Get, "DeviceMemory", DefaultParameterSetName = ByMachineSet)]
[OutputType(typeof(DeviceMemory))]
public sealed class GetDeviceMemoryCommand : DeviceInputCmdletBase
{
    /// <summary>Alias Device: the other cmdlets filter on -Device.</summary>
    [Parameter(Position = 1, ParameterSetName = ByMachineSet)]
    [Alias("Device")]
    [ArgumentCompleter(typeof(DeviceNameCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    protected override void ProcessRecord()
    {
        if (TryTarget(Name, out SimMachine machine, out string[]? names))
        {
            WriteObject(FilterByName(machine.Devices, d => d.Name, names, name => ErrorMapping.FromSimException(DeviceNotFound(machine, name))), true);
        }
    }
}
