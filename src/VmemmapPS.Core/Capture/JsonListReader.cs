using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using VmemmapPS.Core.Scenarios;
using VmemmapPS.Core.Scenarios.Yaml;

namespace VmemmapPS.Core.Capture;

/// <summary>
/// Reads the JSON that ndctl, daxctl and cxl list print, through the scenario YAML reader (JSON is YAML's flow
/// style), so a truncated or broken file is refused with its line and column. Older ndctl releases print one
/// object per bus back to back instead of an array; those are read as one list.
/// </summary>
internal static class JsonListReader
{
    public static YNode Read(CaptureFile file)
    {
        var diagnostics = new List<ScenarioDiagnostic>();
        YNode? root = YamlTreeReader.Read(AsOneValue(file.Text), file.Source, diagnostics);
        if (diagnostics.Count > 0)
        {
            ScenarioDiagnostic d = diagnostics[0];
            throw CaptureFormat.Error(file, d.Line, $"column {d.Column}: not the JSON the tool prints ({d.Message}).");
        }

        if (root is not (YMap or YSeq))
        {
            throw CaptureFormat.Error(file, 1, "expected a JSON object or array.");
        }

        return root;
    }

    /// <summary>Every JSON object in the tree that has all of <paramref name="keys"/>, in document order.</summary>
    public static List<YMap> ObjectsWith(YNode root, params string[] keys)
    {
        var found = new List<YMap>();
        var stack = new Stack<YNode>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            YNode node = stack.Pop();
            if (node is YMap map)
            {
                if (keys.All(k => map.Get(k) is not null))
                {
                    found.Add(map);
                }

                for (int i = map.Entries.Count - 1; i >= 0; i--)
                {
                    stack.Push(map.Entries[i].Value);
                }
            }
            else if (node is YSeq seq)
            {
                for (int i = seq.Items.Count - 1; i >= 0; i--)
                {
                    stack.Push(seq.Items[i]);
                }
            }
        }

        return found;
    }

    public static string? Text(YMap map, string key) => map.Get(key) is YScalar s && !s.IsNull ? s.Text : null;

    /// <summary>An unsigned number; null when absent. A human-readable size ("4.00 GiB (4.29 GB)", from -u) is refused.</summary>
    public static ulong? Number(CaptureFile file, YMap map, string key)
    {
        if (map.Get(key) is not YScalar s || s.IsNull)
        {
            return null;
        }

        string text = s.Text.Trim();
        bool hex = text.StartsWith("0x", System.StringComparison.OrdinalIgnoreCase);
        if (ulong.TryParse(hex ? text.Substring(2) : text, hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out ulong v))
        {
            return v;
        }

        throw CaptureFormat.Error(file, s.Mark.Line, $"\"{key}\": \"{text}\" is not a number of bytes"
            + (text.Contains("iB") ? "; capture without -u (--human), which rounds sizes." : "."));
    }

    private static string AsOneValue(string text)
    {
        // Put back-to-back top-level values (old ndctl) into one array; commas go on the same line, so
        // positions in messages still match the file's lines.
        var sb = new StringBuilder(text.Length + 8);
        int depth = 0, values = 0;
        bool inString = false, escaped = false;
        foreach (char c in text)
        {
            if (inString)
            {
                escaped = !escaped && c == '\\';
                if (c == '"' && !escaped)
                {
                    inString = false;
                }

                sb.Append(c);
                continue;
            }

            if (depth == 0 && (c == '{' || c == '['))
            {
                if (values++ > 0)
                {
                    sb.Append(',');
                }
            }

            if (c == '"')
            {
                inString = true;
            }
            else if (c == '{' || c == '[')
            {
                depth++;
            }
            else if (c == '}' || c == ']')
            {
                depth--;
            }

            sb.Append(c);
        }

        return values > 1 ? "[" + sb + "]" : text;
    }
}
