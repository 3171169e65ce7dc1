using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using VmemmapPS.Core;
using VmemmapPS.Core.Units;
using VmemmapPS.Session;

namespace VmemmapPS.Completion;

/// <summary>Completes -Node with the NUMA nodes of the -Machine on the command line (node 0 when none is known).</summary>
public sealed class NodeCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        object? value = fakeBoundParameters?["Machine"];
        value = value is PSObject pso ? pso.BaseObject : value;
        SimMachine? machine = value switch
        {
            SimMachine m => m,
            string name when SimMachineRegistry.TryGet(name, out SimMachine found) => found,
            _ => null,
        };
        IEnumerable<(string, string)> nodes = machine is null
            ? new[] { ("0", "node 0") }
            : machine.Config.Nodes.Select(n => (n.Id.ToString(CultureInfo.InvariantCulture),
                n.Ram.Count == 0 ? $"node {n.Id}: no RAM (memory-only)" : $"node {n.Id}: {ByteSize.Format((ulong)n.Ram.Sum(r => (decimal)r.Size))} RAM"));
        return CompletionList.Complete(wordToComplete, nodes);
    }
}
