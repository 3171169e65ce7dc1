namespace VmemmapPS.Core.Capture;

/// <summary>One piece of a host capture: where it came from (for messages) and its text.</summary>
public sealed class CaptureFile
{
    public CaptureFile(string source, string text)
    {
        Source = source;
        Text = text;
    }

    /// <summary>The path it was read from, as messages name it.</summary>
    public string Source { get; }

    public string Text { get; }

    /// <summary>The text without surrounding white space (one-value files such as uname-r.txt).</summary>
    public string Value => Text.Trim();
}
