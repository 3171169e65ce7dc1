using System.Linq;
using System.Management.Automation;
using VmemmapPS.Completion;
using VmemmapPS.Core;
using VmemmapPS.Core.Sim;

namespace VmemmapPS.Commands;

/// <summary>The struct vmem_altmap of each device that has one (map=dev or explicit reserve/free pages).</summary>
[Cmdlet(VerbsCommon.Get, "VmemAltmap", DefaultParameterSetName = ByMachineSet)]
[OutputType(typeof(VmemAltmapInfo))]
public sealed class GetVmemAltmapCommand : DeviceInputCmdletBase
{
    [Parameter(Position = 1, ParameterSetName = ByMachineSet)]
    [ArgumentCompleter(typeof(DeviceNameCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Device { get; set; }

    /// <summary>A device without an altmap (map=mem) simply has no row; only an unknown device is an error.</summary>
    protected override void ProcessRecord()
    {
        if (TryTarget(Device, out SimMachine machine, out string[]? names))
        {
            WriteObject(FilterByName(machine.GetAltmaps(), a => a.Device, names,
                name => machine.Devices.Any(d => SimNames.Same(d.Name, name)) ? null : ErrorMapping.FromSimException(DeviceNotFound(machine, name))), true);
        }
    }
}
