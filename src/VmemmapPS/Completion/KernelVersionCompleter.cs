using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using VmemmapPS.Core;
using VmemmapPS.Core.Versions;

namespace VmemmapPS.Completion;

/// <summary>Completes the releases on both sides of every timeline boundary; any release in range is accepted (UnknownKernelVersion otherwise).</summary>
public sealed class KernelVersionCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompletionList.Complete(wordToComplete, KernelProfile.KnownVersions.Select(v =>
            (v, v == KernelProfile.DefaultVersion ? $"Linux {v} (default)" : $"Linux {v}")));
}
