using System.Linq;
using System.Management.Automation;
using VmemmapPS.Core;

namespace VmemmapPS.Commands;

/// <summary>
/// Hot-removes System RAM added by Add-SystemMemory (offline_and_remove_memory: every block offlined, then
/// try_remove_memory; a block that cannot be offlined fails it with -EBUSY and the rest is onlined again).
/// </summary>
[Cmdlet(VerbsCommon.Remove, "SystemMemory", SupportsShouldProcess = true)]
[OutputType(typeof(SystemMemory))]
public sealed class RemoveSystemMemoryCommand : SystemMemoryCmdletBase
{
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        SystemMemory? before = Machine.SystemMemory.FirstOrDefault(s => string.Equals(s.Name, Name, System.StringComparison.OrdinalIgnoreCase));
        Change(Name, "Hot-remove System RAM", () =>
        {
            if (before is null)
            {
                Machine.RemoveSystemMemory(Name); // throws DeviceNotFound
            }
        }, () => Machine.RemoveSystemMemory(Name), PassThru, _ => before);
    }
}
