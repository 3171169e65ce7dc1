using System.Management.Automation;
using VmemmapPS.Core;

namespace VmemmapPS.Commands;

/// <summary>
/// Onlines or offlines memory blocks of hot-added System RAM (writing memoryN/state): -Online Kernel or Movable
/// onlines into ZONE_NORMAL or ZONE_MOVABLE, -Online None offlines (offline_pages; -EBUSY while a page is in use).
/// </summary>
[Cmdlet(VerbsCommon.Set, "SystemMemory", SupportsShouldProcess = true)]
[OutputType(typeof(SystemMemory))]
public sealed class SetSystemMemoryCommand : SystemMemoryCmdletBase
{
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    [Parameter(Mandatory = true)]
    public OnlineType Online { get; set; }

    /// <summary>First block to change, counted from the resource's first block (0).</summary>
    [Parameter]
    public ulong FirstBlock { get; set; }

    /// <summary>How many blocks; default: from FirstBlock to the end.</summary>
    [Parameter]
    [ValidateRange(1, long.MaxValue)]
    public ulong BlockCount { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        ulong? first = MyInvocation.BoundParameters.ContainsKey(nameof(FirstBlock)) ? FirstBlock : null;
        ulong? count = MyInvocation.BoundParameters.ContainsKey(nameof(BlockCount)) ? BlockCount : null;
        string action = Online == OnlineType.None ? "Offline memory blocks" : $"Online memory blocks ({Online})";
        Change(Name, action, () => { }, () => Machine.SetSystemMemoryState(Name, Online, first, count), PassThru, r => r.SystemMemory);
    }
}
