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
using VmemmapPS.Core.Versions;

namespace VmemmapPS.Completion;

/// <summary>Completes the VA_BITS Kconfig allows for the -PageSize and -KernelVersion on the command line (4K and the
/// default kernel when absent): 52 bits with 4K or 16K pages needs a kernel with LPA2.</summary>
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

        KernelProfile profile = Profile(fakeBoundParameters?["KernelVersion"]);
        IReadOnlyList<int> valid = ValidatePageSizeAttribute.Granules.Contains(pageSize) ? Arm64Geometry.ValidVaBits(pageSize, profile) : Array.Empty<int>();
        return CompletionList.Complete(wordToComplete, valid.Select((bits, i) =>
            (bits.ToString(CultureInfo.InvariantCulture), i == 0 ? $"VA_BITS={bits} (default for {ByteSize.Format(pageSize)} pages)" : $"VA_BITS={bits}")));
    }

    private static KernelProfile Profile(object? bound)
    {
        string? version = (bound is PSObject pso ? pso.BaseObject : bound)?.ToString();
        try
        {
            return KernelProfile.Get(version ?? KernelProfile.DefaultVersion);
        }
        catch (Core.Errors.SimException)
        {
            return KernelProfile.Get(KernelProfile.DefaultVersion); // half-typed or unknown version
        }
    }
}
