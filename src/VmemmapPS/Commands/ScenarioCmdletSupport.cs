using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using VmemmapPS.Core.Scenarios;

namespace VmemmapPS.Commands;

/// <summary>What the three scenario cmdlets share: path resolution and -Set conversion (errors come from ErrorMapping).</summary>
internal static class ScenarioCmdletSupport
{
    /// <summary>Resolves -Path (wildcards) or -LiteralPath to file-system paths; missing files become ObjectNotFound errors.</summary>
    public static List<string> ResolveFiles(PSCmdlet cmdlet, string path, bool literal)
    {
        var files = new List<string>();
        try
        {
            if (literal)
            {
                string full = cmdlet.SessionState.Path.GetUnresolvedProviderPathFromPSPath(path);
                if (File.Exists(full))
                {
                    files.Add(full);
                }
                else
                {
                    cmdlet.WriteError(ErrorMapping.ScenarioFileNotFound(path));
                }

                return files;
            }

            files.AddRange(cmdlet.GetResolvedProviderPathFromPSPath(path, out ProviderInfo provider).Where(File.Exists).OrderBy(p => p, StringComparer.Ordinal));
            if (files.Count == 0 && !WildcardPattern.ContainsWildcardCharacters(path))
            {
                cmdlet.WriteError(ErrorMapping.ScenarioFileNotFound(path));
            }
        }
        catch (ItemNotFoundException)
        {
            cmdlet.WriteError(ErrorMapping.ScenarioFileNotFound(path));
        }
        catch (WildcardPatternException e)
        {
            // -Path 'dir/[': a malformed wildcard is the user's input, reported like -Name's; -LiteralPath takes it as is.
            cmdlet.WriteError(ErrorMapping.InvalidWildcardPattern(e, path));
        }

        return files;
    }


    /// <summary>-Set @{ 'machine.pageSize' = '64K'; 'devices.pmem0.size' = 1TB } → path/text pairs, sorted by path.</summary>
    public static List<KeyValuePair<string, string>> Overrides(Hashtable? set)
    {
        var list = new List<KeyValuePair<string, string>>();
        if (set is null)
        {
            return list;
        }

        foreach (DictionaryEntry entry in set)
        {
            list.Add(new KeyValuePair<string, string>(Text(entry.Key), Text(entry.Value)));
        }

        return list.OrderBy(o => o.Key, StringComparer.Ordinal).ToList();
    }

    private static string Text(object? value)
    {
        object? v = value is PSObject pso ? pso.BaseObject : value;
        return v switch
        {
            null => string.Empty,
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => v.ToString() ?? string.Empty,
        };
    }
}
