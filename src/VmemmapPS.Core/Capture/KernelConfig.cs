using System;
using System.Collections.Generic;

namespace VmemmapPS.Core.Capture;

/// <summary>A kernel .config: CONFIG_X=value lines; "# CONFIG_X is not set" means off.</summary>
public sealed class KernelConfig
{
    private readonly Dictionary<string, string> _values;

    private KernelConfig(Dictionary<string, string> values, string source)
    {
        _values = values;
        Source = source;
    }

    public string Source { get; }

    public static KernelConfig Parse(CaptureFile file)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        string[] lines = file.Text.Replace("\r\n", "\n").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            int eq = line.IndexOf('=');
            if (eq <= 0 || !line.StartsWith("CONFIG_", StringComparison.Ordinal))
            {
                throw CaptureFormat.Error(file, i + 1, $"'{line}' is not a kernel config line (CONFIG_NAME=value).");
            }

            values[line.Substring(0, eq)] = line.Substring(eq + 1).Trim('"');
        }

        return new KernelConfig(values, file.Source);
    }

    /// <summary>The value of CONFIG_<paramref name="name"/>, or null when it is not set.</summary>
    public string? Get(string name) => _values.TryGetValue("CONFIG_" + name, out string? v) ? v : null;

    /// <summary>True for =y (and =m), false when not set or =n.</summary>
    public bool IsEnabled(string name) => Get(name) is "y" or "m";
}
