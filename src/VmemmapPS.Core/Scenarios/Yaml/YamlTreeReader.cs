using System.Collections.Generic;
using System.IO;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace VmemmapPS.Core.Scenarios.Yaml;

/// <summary>
/// Reads YAML text into a <see cref="YNode"/> tree from the parser's event stream. Only plain YAML is accepted:
/// explicit tags (!!python/object, !Custom) could name a type to create, and anchors/aliases let a small file expand
/// without bound, so both are refused with their position. Duplicate keys are refused too (the last one would
/// silently win otherwise).
/// </summary>
internal static class YamlTreeReader
{
    /// <summary>Deepest nesting of sequences and mappings accepted. The deepest real scenario (repeats inside repeats,
    /// expectations in flow maps) is about a dozen levels; reading recurses once per level, and a file nested
    /// thousands deep would otherwise exhaust the stack and kill the process.</summary>
    public const int MaxDepth = 64;

    /// <summary>Returns the root node (null for an empty file) and adds problems to <paramref name="diagnostics"/>.
    /// A syntax error stops reading; refusals of tags/anchors/duplicates are collected and reading continues.</summary>
    public static YNode? Read(string text, string source, List<ScenarioDiagnostic> diagnostics)
    {
        var parser = new TrackingParser(new Parser(new StringReader(text)));
        try
        {
            return ReadStream(parser, source, diagnostics);
        }
        catch (TooDeepException e)
        {
            diagnostics.Add(At(source, e.Start, "NestingTooDeep",
                $"sequences and mappings are nested more than {MaxDepth} levels deep here; a scenario never needs that many"));
            return null;
        }
        catch (YamlException e)
        {
            diagnostics.Add(new ScenarioDiagnostic(source, (int)e.Start.Line, (int)e.Start.Column, "YamlSyntax", Clean(e.Message)));
            return null;
        }
        catch (System.InvalidOperationException)
        {
            // YamlDotNet's scanner throws this (not a YamlException) on some malformed flow collections; the best
            // position available is the end of the last event it produced.
            diagnostics.Add(new ScenarioDiagnostic(source, (int)parser.LastEnd.Line, (int)parser.LastEnd.Column, "YamlSyntax",
                "the YAML cannot be parsed after this point (check brackets, braces and quotes)"));
            return null;
        }
    }

    /// <summary>Stops reading at the first node deeper than <see cref="MaxDepth"/>; not a YamlException, so the
    /// message says what is wrong rather than what the parser expected.</summary>
    private sealed class TooDeepException : System.Exception
    {
        public TooDeepException(YamlDotNet.Core.Mark start)
        {
            Start = start;
        }

        public YamlDotNet.Core.Mark Start { get; }
    }

    /// <summary>Remembers where the last successfully parsed event ended.</summary>
    private sealed class TrackingParser : IParser
    {
        private readonly IParser _inner;

        public TrackingParser(IParser inner)
        {
            _inner = inner;
        }

        public ParsingEvent? Current => _inner.Current;

        public YamlDotNet.Core.Mark LastEnd { get; private set; } = YamlDotNet.Core.Mark.Empty;

        public bool MoveNext()
        {
            if (_inner.Current is ParsingEvent e)
            {
                LastEnd = e.End;
            }

            return _inner.MoveNext();
        }
    }

    private static YNode? ReadStream(IParser parser, string source, List<ScenarioDiagnostic> diagnostics)
    {
        parser.Consume<StreamStart>();
        YNode? root = null;
        int documents = 0;
        while (parser.TryConsume<DocumentStart>(out DocumentStart? doc))
        {
            documents++;
            if (documents == 2)
            {
                diagnostics.Add(At(source, doc.Start, "YamlSyntax", "a scenario file holds exactly one YAML document; remove the second '---' document"));
            }

            YNode node = ReadNode(parser, source, diagnostics, 0);
            parser.Consume<DocumentEnd>();
            if (documents == 1)
            {
                root = node;
            }
        }

        parser.Consume<StreamEnd>();
        return root;
    }

    private static YNode ReadNode(IParser parser, string source, List<ScenarioDiagnostic> diagnostics, int depth)
    {
        ParsingEvent current = parser.Current!;
        if (depth >= MaxDepth && current is SequenceStart or MappingStart)
        {
            throw new TooDeepException(current.Start);
        }

        if (current is AnchorAlias alias)
        {
            parser.MoveNext();
            diagnostics.Add(At(source, alias.Start, "AnchorRefused", $"alias '*{alias.Value}' is not allowed: scenario files use plain YAML without anchors or aliases"));
            return new YScalar(string.Empty, false, Mark(source, alias.Start));
        }

        if (current is NodeEvent nodeEvent)
        {
            RefuseTagAndAnchor(nodeEvent, source, diagnostics);
        }

        switch (current)
        {
            case Scalar scalar:
                parser.MoveNext();
                return new YScalar(scalar.Value, scalar.Style != ScalarStyle.Plain, Mark(source, scalar.Start));
            case SequenceStart seqStart:
            {
                parser.MoveNext();
                var seq = new YSeq(Mark(source, seqStart.Start));
                while (!parser.TryConsume<SequenceEnd>(out _))
                {
                    seq.Items.Add(ReadNode(parser, source, diagnostics, depth + 1));
                }

                return seq;
            }

            case MappingStart mapStart:
            {
                parser.MoveNext();
                var map = new YMap(Mark(source, mapStart.Start));
                while (!parser.TryConsume<MappingEnd>(out _))
                {
                    YNode key = ReadNode(parser, source, diagnostics, depth + 1);
                    YNode value = ReadNode(parser, source, diagnostics, depth + 1);
                    if (key is not YScalar keyScalar)
                    {
                        diagnostics.Add(At(key.Mark, "WrongType", $"a mapping key must be a scalar, not {key.KindName}"));
                        continue;
                    }

                    if (map.GetKey(keyScalar.Text) is YScalar first)
                    {
                        diagnostics.Add(At(keyScalar.Mark, "DuplicateKey", $"duplicate key '{keyScalar.Text}' (first defined at line {first.Mark.Line})"));
                        continue;
                    }

                    map.Entries.Add(new KeyValuePair<YScalar, YNode>(keyScalar, value));
                }

                return map;
            }

            default:
                throw new YamlException(current.Start, current.End, $"unexpected YAML event {current.GetType().Name}");
        }
    }

    private static void RefuseTagAndAnchor(NodeEvent node, string source, List<ScenarioDiagnostic> diagnostics)
    {
        if (!node.Tag.IsEmpty)
        {
            diagnostics.Add(At(source, node.Start, "TagRefused", $"tag '{node.Tag.Value}' is not allowed: scenario files use plain YAML, and tags could name .NET types to create"));
        }

        if (!node.Anchor.IsEmpty)
        {
            diagnostics.Add(At(source, node.Start, "AnchorRefused", $"anchor '&{node.Anchor.Value}' is not allowed: scenario files use plain YAML without anchors or aliases"));
        }
    }

    private static SourceMark Mark(string source, YamlDotNet.Core.Mark mark) => new(source, (int)mark.Line, (int)mark.Column);

    private static ScenarioDiagnostic At(string source, YamlDotNet.Core.Mark mark, string code, string message)
        => new(source, (int)mark.Line, (int)mark.Column, code, message);

    internal static ScenarioDiagnostic At(SourceMark mark, string code, string message)
        => new(mark.Source, mark.Line, mark.Column, code, message);

    // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; the diagnostic carries the
    // position itself, so keep only the explanation.
    private static string Clean(string message)
    {
        int i = message.LastIndexOf("): ", System.StringComparison.Ordinal);
        return i >= 0 && message.StartsWith("(", System.StringComparison.Ordinal) ? message.Substring(i + 3) : message;
    }
}
