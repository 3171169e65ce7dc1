using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace VmemmapPS.Completion;

/// <summary>Case-insensitive prefix completion over (value, tooltip) pairs, quoting values that need it.</summary>
internal static class CompletionList
{
    /// <summary>Characters that end or change a bare word in PowerShell, so a value holding one is quoted.</summary>
    private static readonly char[] NeedsQuotes = { ' ', '\'', '"', '$', '`', ';', ',' };

    public static IEnumerable<CompletionResult> Complete(string wordToComplete, IEnumerable<(string Value, string ToolTip)> candidates)
    {
        string prefix = (wordToComplete ?? string.Empty).Trim('\'', '"');
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach ((string value, string toolTip) in candidates.OrderBy(c => c.Value, StringComparer.OrdinalIgnoreCase))
        {
            if (value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && seen.Add(value))
            {
                string text = value.IndexOfAny(NeedsQuotes) >= 0 ? "'" + value.Replace("'", "''") + "'" : value;
                yield return new CompletionResult(text, value, CompletionResultType.ParameterValue, toolTip);
            }
        }
    }
}
