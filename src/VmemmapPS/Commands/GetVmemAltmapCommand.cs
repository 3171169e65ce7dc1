using System.Management.Automation;
using VmemmapPS.Completion;
using VmemmapPS.Core;

namespace VmemmapPS.Commands;

/// <summary>The struct vmem_altmap of each device that has one (map=dev or explicit reserve/free pages).</summary>
[Cmdlet(VerbsCommon.Get, "VmemAltmap")]
[OutputType(typeof(VmemAltmapInfo))]
public sealed class GetVmemAltmapCommand : SimMachineCmdletBase
{
    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(DeviceNameCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Device { get; set; }

    protected override void ProcessRecord() =>
        WriteObject(FilterByName(Machine.GetAltmaps(), a => a.Device, Device, DeviceNotFoundError), true);
}
