using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace VmemmapPS.Core.Tests.Fuzz;

/// <summary>
/// Mutates scenario files the ways a hand edit or a broken tool does: deleted and duplicated lines (keys), values of
/// the wrong type, deep nesting, anchors and aliases, tags, huge numbers, a BOM, CRLF line ends, truncation and
/// binary bytes. Seeded, so a mutation can be reproduced from its seed.
/// </summary>
public static class YamlMutator
{
    private static readonly string[] WrongValues =
    {
        "[1, 2]", "{ a: 1 }", "\"text\"", "~", "true", "-1", "0", "99999999999999999999999999", "1e308", "-0x1", "0x", "1.5T", "NaN",
        "18446744073709551616", "9223372036854775807", "''", "[]", "{}", "*alias", "&anchor x", "!!str 4K", "!Custom x", "\"\\u0000\"",
    };

    private static readonly Func<Random, string, string>[] Mutations =
    {
        DeleteLine, DuplicateLine, WrongValue, Nest, AnchorAndAlias, Tag, HugeNumber, Bom, Crlf, Truncate, Binary, SwapLines,
    };

    public static string Mutate(string yaml, Random random)
    {
        string result = yaml;
        int rounds = 1 + random.Next(3);
        for (int i = 0; i < rounds; i++)
        {
            result = Mutations[random.Next(Mutations.Length)](random, result);
        }

        return result;
    }

    private static List<string> Lines(string text) => text.Replace("\r\n", "\n").Split('\n').ToList();

    private static string Join(List<string> lines) => string.Join("\n", lines);

    private static string DeleteLine(Random r, string text)
    {
        List<string> lines = Lines(text);
        if (lines.Count > 1)
        {
            lines.RemoveAt(r.Next(lines.Count));
        }

        return Join(lines);
    }

    private static string DuplicateLine(Random r, string text)
    {
        List<string> lines = Lines(text);
        int i = r.Next(lines.Count);
        lines.Insert(i, lines[i]);
        return Join(lines);
    }

    private static string SwapLines(Random r, string text)
    {
        List<string> lines = Lines(text);
        int a = r.Next(lines.Count), b = r.Next(lines.Count);
        (lines[a], lines[b]) = (lines[b], lines[a]);
        return Join(lines);
    }

    /// <summary>Replaces what follows a "key:" on a random line.</summary>
    private static string WrongValue(Random r, string text)
    {
        List<string> lines = Lines(text);
        var keyed = Enumerable.Range(0, lines.Count).Where(i => lines[i].Contains(": ")).ToList();
        if (keyed.Count == 0)
        {
            return text;
        }

        int line = keyed[r.Next(keyed.Count)];
        int colon = lines[line].IndexOf(": ", StringComparison.Ordinal);
        lines[line] = string.Concat(lines[line].AsSpan(0, colon + 2), WrongValues[r.Next(WrongValues.Length)]);
        return Join(lines);
    }

    private static string Nest(Random r, string text)
    {
        int depth = r.Next(2) == 0 ? 10 + r.Next(100) : 1000 + r.Next(20000);
        string nested = r.Next(2) == 0 ? new string('[', depth) + new string(']', depth) : string.Concat(Enumerable.Repeat("{a: ", depth)) + "1" + new string('}', depth);
        return text + "\nextra: " + nested + "\n";
    }

    private static string AnchorAndAlias(Random r, string text) => "base: &b { size: 1G }\n" + text.Replace("size: ", r.Next(2) == 0 ? "size: *b #" : "size: &s ");

    private static string Tag(Random r, string text) => text.Replace("type: ", r.Next(2) == 0 ? "type: !!python/object:os.system " : "type: !Custom ");

    private static string HugeNumber(Random r, string text)
    {
        string[] huge = { "99999999999999999999P", "0xFFFFFFFFFFFFFFFFFF", "16E", "1e400", "-9223372036854775808", "4294967296" };
        foreach (string key in new[] { "size: ", "start: ", "times: ", "nth: ", "count: ", "vaBits: ", "id: " })
        {
            int at = text.IndexOf(key, StringComparison.Ordinal);
            if (at >= 0 && r.Next(2) == 0)
            {
                int end = text.IndexOfAny(new[] { '\n', ',', '}' }, at);
                end = end < 0 ? text.Length : end;
                return string.Concat(text.AsSpan(0, at + key.Length), huge[r.Next(huge.Length)], text.AsSpan(end));
            }
        }

        return text;
    }

    private static string Bom(Random r, string text) => "\uFEFF" + text;

    private static string Crlf(Random r, string text) => text.Replace("\n", r.Next(2) == 0 ? "\r\n" : "\r");

    private static string Truncate(Random r, string text) => text.Length == 0 ? text : text.Substring(0, r.Next(text.Length));

    private static string Binary(Random r, string text)
    {
        var sb = new StringBuilder(text);
        int n = 1 + r.Next(8);
        for (int i = 0; i < n; i++)
        {
            sb.Insert(r.Next(sb.Length + 1), (char)r.Next(0, 32));
        }

        return sb.ToString();
    }
}
