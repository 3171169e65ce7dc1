using System.Management.Automation;
using VmemmapPS.Core;

namespace VmemmapPS.Commands;

/// <summary>
/// The memory blocks of hot-added System RAM (/sys/devices/system/memory/memoryN) as runs of consecutive blocks
/// in the same state and zone.
/// </summary>
[Cmdlet(VerbsCommon.Get, "MemoryBlock")]
[OutputType(typeof(MemoryBlockInfo))]
public sealed class GetMemoryBlockCommand : SimMachineCmdletBase
{
    /// <summary>Name of the System RAM resource (wildcards allowed).</summary>
    [Parameter(Position = 1)]
    [SupportsWildcards]
    public string[]? Name { get; set; }

    protected override void ProcessRecord()
    {
        foreach (MemoryBlockInfo b in FilterByName(Machine.GetMemoryBlocks(), b => b.Name, Name, SystemMemoryNotFoundError))
        {
            WriteObject(b);
        }
    }
}
