using System.Management.Automation;
using VmemmapPS.Completion;
using VmemmapPS.Core;
using VmemmapPS.Session;

namespace VmemmapPS.Commands;

/// <summary>Lists the machines created in this session (New-SimMachine registers them by name).</summary>
[Cmdlet(VerbsCommon.Get, "SimMachine")]
[OutputType(typeof(SimMachine))]
public sealed class GetSimMachineCommand : SimCmdletBase
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(MachineNameCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    protected override void ProcessRecord() =>
        WriteObject(FilterByName(SimMachineRegistry.Find(), m => m.Name, Name, ErrorMapping.MachineNotFound), true);
}
