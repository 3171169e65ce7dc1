using System;
using System.Linq;
using System.Management.Automation;
using VmemmapPS.Completion;
using VmemmapPS.Core;

namespace VmemmapPS.Commands;

/// <summary>The allocation event log: every page allocation and free, who made it and for what.</summary>
[Cmdlet(VerbsCommon.Get, "SimAllocation")]
[OutputType(typeof(AllocationEvent))]
public sealed class GetSimAllocationCommand : SimMachineCmdletBase
{
    [Parameter]
    public AllocationSource[]? Source { get; set; }

    [Parameter]
    public PagePurpose[]? Purpose { get; set; }

    [Parameter]
    public AllocationAction[]? Action { get; set; }

    /// <summary>Only events caused by these devices' operations (boot events have no device).</summary>
    [Parameter(Position = 1)]
    [ArgumentCompleter(typeof(DeviceNameCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Device { get; set; }

    /// <summary>Only allocations that failed (injected faults, no free block).</summary>
    [Parameter]
    public SwitchParameter Failed { get; set; }

    protected override void ProcessRecord()
    {
        Func<string?, bool> device = NameFilter(Device);
        WriteObject(Machine.Allocations.Where(e =>
            (Source is null || Source.Contains(e.Source))
            && (Purpose is null || Purpose.Contains(e.Purpose))
            && (Action is null || Action.Contains(e.Action))
            && device(e.Device)
            && (!Failed || e.Failed)), true);
    }
}
