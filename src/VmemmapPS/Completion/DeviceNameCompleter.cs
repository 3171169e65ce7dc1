using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using VmemmapPS.Core;
using VmemmapPS.Core.Units;
using VmemmapPS.Session;

namespace VmemmapPS.Completion;

/// <summary>
/// Completes device names: of the -Machine already on the command line when it is known (a machine object or a
/// session machine name), else of every machine of this session.
/// </summary>
public sealed class DeviceNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        IEnumerable<SimMachine> machines = BoundMachine(fakeBoundParameters) is { } machine
            ? new[] { machine }
            : SimMachineRegistry.Find();
        return CompletionList.Complete(wordToComplete, machines.SelectMany(m => m.Devices).Select(d =>
            (d.Name, $"{d.Name}: {d.Type} {ByteSize.Format(d.Size)} at {ByteSize.Hex(d.Start)} on {d.Machine}")));
    }

    private static SimMachine? BoundMachine(IDictionary fakeBoundParameters)
    {
        object? value = fakeBoundParameters?["Machine"];
        value = value is PSObject pso ? pso.BaseObject : value;
        return value switch
        {
            SimMachine machine => machine,
            string name when SimMachineRegistry.TryGet(name, out SimMachine found) => found,
            _ => null,
        };
    }
}
