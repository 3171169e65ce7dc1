using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using VmemmapPS.Arguments;
using VmemmapPS.Core;
using VmemmapPS.Core.Arch.Arm64;
using VmemmapPS.Core.Units;

namespace VmemmapPS.Completion;

/// <summary>Completes the VA_BITS Kconfig allows for the -PageSize on the command line (4K when absent).</summary>
public sealed class VaBitsCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        ulong pageSize = 4 * ByteSize.KiB;
        try
        {
            object? bound = fakeBoundParameters?["PageSize"];
            if (bound is not null && new ByteSizeTransformationAttribute().Transform(null!, bound) is ulong parsed)
            {
                pageSize = parsed;
            }
        }
        catch (ArgumentTransformationMetadataException)
        {
            // Half-typed page size: offer the 4K values.
        }

        IReadOnlyList<int> valid = ValidatePageSizeAttribute.Granules.Contains(pageSize) ? Arm64Geometry.ValidVaBits(pageSize) : Array.Empty<int>();
        return CompletionList.Complete(wordToComplete, valid.Select((bits, i) =>
            (bits.ToString(CultureInfo.InvariantCulture), i == 0 ? $"VA_BITS={bits} (default for {ByteSize.Format(pageSize)} pages)" : $"VA_BITS={bits}")));
    }
}
