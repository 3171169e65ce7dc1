using System;
using System.Collections.Generic;
using System.Management.Automation;
using VmemmapPS.Completion;
using VmemmapPS.Core;
using VmemmapPS.Session;

namespace VmemmapPS.Commands;

/// <summary>Forgets machines of this session, freeing their names. Objects still held in variables keep working.</summary>
[Cmdlet(VerbsCommon.Remove, "SimMachine", SupportsShouldProcess = true, DefaultParameterSetName = ByNameSet)]
[OutputType(typeof(SimMachine))]
public sealed class RemoveSimMachineCommand : SimCmdletBase
{
    private const string ByNameSet = "ByName";
    private const string ByInputObjectSet = "ByInputObject";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByNameSet)]
    [ArgumentCompleter(typeof(MachineNameCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Name { get; set; } = Array.Empty<string>();

    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByInputObjectSet)]
    public SimMachine InputObject { get; set; } = null!;

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        IEnumerable<SimMachine> machines = ParameterSetName == ByInputObjectSet
            ? new[] { InputObject }
            : FilterByName(SimMachineRegistry.Find(), m => m.Name, Name, ErrorMapping.MachineNotFound);
        foreach (SimMachine machine in machines)
        {
            if (!ShouldMutate(machine.Name, "Remove simulated machine", out bool whatIf))
            {
                if (whatIf && PassThru)
                {
                    WriteObject(machine);
                }

                continue;
            }

            // A machine object that is no longer (or never was) the session's machine of that name is not an error:
            // the name is free either way.
            SimMachineRegistry.Unregister(machine);
            if (PassThru)
            {
                WriteObject(machine);
            }
        }
    }
}
