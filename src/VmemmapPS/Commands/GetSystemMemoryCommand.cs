using System.Management.Automation;
using VmemmapPS.Core;

namespace VmemmapPS.Commands;

/// <summary>Lists the hot-added System RAM resources of a machine (Add-SystemMemory and kmem), optionally by name.</summary>
[Cmdlet(VerbsCommon.Get, "SystemMemory")]
[OutputType(typeof(SystemMemory))]
public sealed class GetSystemMemoryCommand : SimMachineCmdletBase
{
    [Parameter(Position = 1)]
    [SupportsWildcards]
    public string[]? Name { get; set; }

    protected override void ProcessRecord()
    {
        foreach (SystemMemory s in FilterByName(Machine.SystemMemory, s => s.Name, Name, SystemMemoryNotFoundError))
        {
            WriteObject(s);
        }
    }
}
