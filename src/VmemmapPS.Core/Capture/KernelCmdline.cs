using System;
using System.Collections.Generic;

namespace VmemmapPS.Core.Capture;

/// <summary>/proc/cmdline split into parameters as the kernel's parse_args does (quotes keep spaces).</summary>
public sealed class KernelCmdline
{
    private readonly Dictionary<string, string?> _params = new(StringComparer.Ordinal);

    public KernelCmdline(string text)
    {
        foreach (string token in Split(text))
        {
            int eq = token.IndexOf('=');
            string name = eq < 0 ? token : token.Substring(0, eq);
            // The kernel treats '-' and '_' alike in parameter names (parameq); keep one spelling.
            _params[name.Replace('-', '_')] = eq < 0 ? null : token.Substring(eq + 1);
        }
    }

    /// <summary>The value of <paramref name="name"/> (last one wins, as for the kernel), or null.</summary>
    public string? Get(string name) => _params.TryGetValue(name.Replace('-', '_'), out string? v) ? v : null;

    public bool Has(string name) => _params.ContainsKey(name.Replace('-', '_'));

    private static IEnumerable<string> Split(string text)
    {
        var current = new System.Text.StringBuilder();
        bool quoted = false;
        foreach (char c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (char.IsWhiteSpace(c) && !quoted)
            {
                if (current.Length > 0)
                {
                    yield return current.ToString();
                    current.Clear();
                }
            }
            else
            {
                current.Append(c);
            }
        }

        if (current.Length > 0)
        {
            yield return current.ToString();
        }
    }
}
