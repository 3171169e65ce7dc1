using System.Linq;
using System.Management.Automation;
using VmemmapPS.Completion;
using VmemmapPS.Core;
using VmemmapPS.Core.Sim;

namespace VmemmapPS.Commands;

/// <summary>The struct vmem_altmap of each device that has one (map=dev or explicit reserve/free pages).</summary>
[Cmdlet(VerbsCommon.Get, "VmemAltmap")]
[OutputType(typeof(VmemAltmapInfo))]
public sealed class GetVmemAltmapCommand : SimMachineCmdletBase
{
    [Parameter(Position = 1)]
    [ArgumentCompleter(typeof(DeviceNameCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Device { get; set; }

    /// <summary>A device without an altmap (map=mem) simply has no row; only an unknown device is an error.</summary>
    protected override void ProcessRecord() =>
        WriteObject(FilterByName(Machine.GetAltmaps(), a => a.Device, Device,
            name => Machine.Devices.Any(d => SimNames.Same(d.Name, name)) ? null : DeviceNotFoundError(name)), true);
}
