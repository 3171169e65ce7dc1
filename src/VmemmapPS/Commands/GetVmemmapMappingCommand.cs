using System.Management.Automation;
using VmemmapPS.Arguments;
using VmemmapPS.Completion;
using VmemmapPS.Core;

namespace VmemmapPS.Commands;

/// <summary>Leaf mappings of the vmemmap (PMD blocks and PTEs) as runs, ordered by virtual address.</summary>
[Cmdlet(VerbsCommon.Get, "VmemmapMapping")]
[OutputType(typeof(VmemmapMapping))]
public sealed class GetVmemmapMappingCommand : SimMachineCmdletBase
{
    /// <summary>Only mappings populated for this device (boot RAM's memmap has none).</summary>
    [Parameter(Position = 1)]
    [ArgumentCompleter(typeof(DeviceNameCompleter))]
    [ValidateNotNullOrEmpty]
    public string? Device { get; set; }

    /// <summary>First vmemmap virtual address of interest.</summary>
    [Parameter]
    [ByteSizeTransformation]
    public ulong Start { get; set; }

    /// <summary>Virtual address where the range of interest ends (exclusive).</summary>
    [Parameter]
    [ByteSizeTransformation]
    public ulong End { get; set; }

    protected override void ProcessRecord()
    {
        if (Device is not null && !TryFindDevice(Machine, Device, out _))
        {
            return;
        }

        var bound = MyInvocation.BoundParameters;
        ulong? start = bound.ContainsKey(nameof(Start)) ? Start : null;
        ulong? end = bound.ContainsKey(nameof(End)) ? End : null;
        foreach (VmemmapMapping mapping in Machine.EnumerateVmemmapMappings(Device, start, end))
        {
            WriteObject(mapping);
        }
    }
}
