using System.Management.Automation;
using VmemmapPS.Core;

namespace VmemmapPS.Commands;

/// <summary>
/// daxctl reconfigure-device: -Mode SystemRam hands a device-dax range to kmem (System RAM (kmem), rounded inward
/// to memory blocks); -Mode DevDax offlines and removes that memory and maps the device again.
/// </summary>
[Cmdlet(VerbsCommon.Set, "DeviceMemory", SupportsShouldProcess = true)]
[OutputType(typeof(DeviceMemory))]
public sealed class SetDeviceMemoryCommand : SystemMemoryCmdletBase
{
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    [Parameter(Mandatory = true)]
    [ValidateSet(nameof(DeviceMode.SystemRam), nameof(DeviceMode.DevDax))]
    public DeviceMode Mode { get; set; }

    /// <summary>Set the dax device's memmap_on_memory attribute first (v6.8+, 4K pages only on arm64).</summary>
    [Parameter]
    public SwitchParameter MemmapOnMemory { get; set; }

    /// <summary>How to online the kmem blocks; default: the machine's DefaultOnlineType.</summary>
    [Parameter]
    public OnlineType Online { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        OnlineType? online = MyInvocation.BoundParameters.ContainsKey(nameof(Online)) ? Online : null;
        string action = Mode == DeviceMode.SystemRam ? "Reconfigure to system-ram (kmem)" : "Reconfigure to devdax";
        Change(Name, action, () => Machine.ValidateDeviceMode(Name, Mode, MemmapOnMemory.IsPresent),
            () => Machine.SetDeviceMode(Name, Mode, MemmapOnMemory.IsPresent, online), PassThru, r => r.DeviceMemory);
    }
}
