using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using VmemmapPS.Core.Scenarios;
using VmemmapPS.Core.Scenarios.Binding;

namespace VmemmapPS.Completion;

/// <summary>
/// Completes -Set with a one-entry hashtable per path the scenario can set: name, machine.&lt;key&gt;, and
/// devices.&lt;name&gt;.&lt;key&gt; for the devices of the file given with -Path/-LiteralPath (when it loads).
/// </summary>
public sealed class ScenarioSetCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
        CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var paths = new List<string> { "name" };
        paths.AddRange(MachineBinder.Keys.Where(k => k != "nodes").Select(k => "machine." + k));
        foreach (string device in DeviceNames(fakeBoundParameters))
        {
            paths.AddRange(DeviceBinder.Keys.Where(k => k != "name" && k != "altmap").Select(k => $"devices.{device}.{k}"));
        }

        string typed = (wordToComplete ?? string.Empty).TrimStart('@', '{', ' ', '\'', '"');
        return paths.Where(p => p.StartsWith(typed, System.StringComparison.OrdinalIgnoreCase))
            .Select(p => new CompletionResult($"@{{ '{p}' = '' }}", p, CompletionResultType.ParameterValue, $"-Set @{{ '{p}' = <value> }}"));
    }

    private static IEnumerable<string> DeviceNames(IDictionary fakeBoundParameters)
    {
        object? value = fakeBoundParameters?["LiteralPath"] ?? fakeBoundParameters?["Path"];
        value = value is PSObject pso ? pso.BaseObject : value;
        string? path = value switch
        {
            string s => s,
            object[] a when a.Length > 0 => a[0]?.ToString(),
            _ => null,
        };
        if (path is null || !File.Exists(path))
        {
            return Enumerable.Empty<string>();
        }

        try
        {
            return ScenarioLoader.Load(path).Devices.Select(d => d.Name).ToList();
        }
        catch (ScenarioException)
        {
            return Enumerable.Empty<string>();
        }
        catch (IOException)
        {
            return Enumerable.Empty<string>();
        }
    }
}
