using System.Collections.Generic;

namespace VmemmapPS.Core.Scenarios.Yaml;

/// <summary>Where a node came from: a file position, or an override (-Set, sweep) that replaced it.</summary>
internal readonly struct SourceMark
{
    public SourceMark(string source, int line, int column)
    {
        Source = source;
        Line = line;
        Column = column;
    }

    public string Source { get; }

    public int Line { get; }

    public int Column { get; }
}

/// <summary>
/// Plain-YAML tree with positions. Scenarios are bound from this tree instead of being deserialised into .NET
/// types, so nothing in a file can pick the type that gets created and every error can point at its node.
/// </summary>
internal abstract class YNode
{
    protected YNode(SourceMark mark)
    {
        Mark = mark;
    }

    public SourceMark Mark { get; }

    /// <summary>Kind for messages: "a scalar", "a mapping", "a sequence".</summary>
    public abstract string KindName { get; }

    public abstract YNode DeepClone();
}

internal sealed class YScalar : YNode
{
    public YScalar(string text, bool quoted, SourceMark mark)
        : base(mark)
    {
        Text = text;
        Quoted = quoted;
    }

    public string Text { get; }

    /// <summary>Quoted scalars are always text: 'null' or "~" are not null.</summary>
    public bool Quoted { get; }

    /// <summary>YAML's null: an empty plain scalar, '~' or 'null'.</summary>
    public bool IsNull => !Quoted && (Text.Length == 0 || Text == "~" || Text == "null" || Text == "Null" || Text == "NULL");

    public override string KindName => "a scalar";

    public override YNode DeepClone() => this;
}

internal sealed class YMap : YNode
{
    public YMap(SourceMark mark)
        : base(mark)
    {
    }

    /// <summary>Entries in file order (order matters for sweeps and for deterministic output).</summary>
    public List<KeyValuePair<YScalar, YNode>> Entries { get; } = new();

    public override string KindName => "a mapping";

    public YNode? Get(string key)
    {
        foreach (KeyValuePair<YScalar, YNode> e in Entries)
        {
            if (e.Key.Text == key)
            {
                return e.Value;
            }
        }

        return null;
    }

    public YScalar? GetKey(string key)
    {
        foreach (KeyValuePair<YScalar, YNode> e in Entries)
        {
            if (e.Key.Text == key)
            {
                return e.Key;
            }
        }

        return null;
    }

    public void Set(YScalar key, YNode value)
    {
        for (int i = 0; i < Entries.Count; i++)
        {
            if (Entries[i].Key.Text == key.Text)
            {
                Entries[i] = new KeyValuePair<YScalar, YNode>(Entries[i].Key, value);
                return;
            }
        }

        Entries.Add(new KeyValuePair<YScalar, YNode>(key, value));
    }

    public override YNode DeepClone()
    {
        var copy = new YMap(Mark);
        foreach (KeyValuePair<YScalar, YNode> e in Entries)
        {
            copy.Entries.Add(new KeyValuePair<YScalar, YNode>(e.Key, e.Value.DeepClone()));
        }

        return copy;
    }
}

internal sealed class YSeq : YNode
{
    public YSeq(SourceMark mark)
        : base(mark)
    {
    }

    public List<YNode> Items { get; } = new();

    public override string KindName => "a sequence";

    public override YNode DeepClone()
    {
        var copy = new YSeq(Mark);
        foreach (YNode item in Items)
        {
            copy.Items.Add(item.DeepClone());
        }

        return copy;
    }
}
