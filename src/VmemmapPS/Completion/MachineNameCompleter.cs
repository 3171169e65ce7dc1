using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using VmemmapPS.Core.Units;
using VmemmapPS.Session;

namespace VmemmapPS.Completion;

/// <summary>Completes names of the machines created in this session.</summary>
public sealed class MachineNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompletionList.Complete(wordToComplete, SimMachineRegistry.Find().Select(m =>
            (m.Name, $"{m.Name}: {ByteSize.Format(m.PageSize)} pages, kernel {m.KernelVersion}, {m.Devices.Count} device(s)")));
}
