using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using VmemmapPS.Arguments;
using VmemmapPS.Core.Units;

namespace VmemmapPS.Completion;

/// <summary>Completes 4KB, 16KB and 64KB (pwsh numeric literals, so they bind as numbers).</summary>
public sealed class PageSizeCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters) =>
        CompletionList.Complete(wordToComplete, ValidatePageSizeAttribute.Granules.Select(g =>
            ($"{g / ByteSize.KiB}KB", $"{ByteSize.Format(g)} granule")));
}
