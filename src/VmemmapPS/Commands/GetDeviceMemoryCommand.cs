using System.Management.Automation;
using VmemmapPS.Completion;
using VmemmapPS.Core;

namespace VmemmapPS.Commands;

/// <summary>The devices registered on a machine, in add order.</summary>
[Cmdlet(VerbsCommon.Get, "DeviceMemory")]
[OutputType(typeof(DeviceMemory))]
public sealed class GetDeviceMemoryCommand : SimMachineCmdletBase
{
    [Parameter(Position = 1)]
    [ArgumentCompleter(typeof(DeviceNameCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    protected override void ProcessRecord() =>
        WriteObject(FilterByName(Machine.Devices, d => d.Name, Name, DeviceNotFoundError), true);
}
