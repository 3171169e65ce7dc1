using System.Globalization;

namespace VmemmapPS.Core.Scenarios;

/// <summary>Why a scenario file was refused, and where: file, 1-based line and column.</summary>
public sealed class ScenarioDiagnostic
{
    public ScenarioDiagnostic(string file, int line, int column, string code, string message)
    {
        File = file;
        Line = line;
        Column = column;
        Code = code;
        Message = message;
    }

    /// <summary>Path of the file, or "-Set" / "sweep" for values that came from an override.</summary>
    public string File { get; }

    public int Line { get; }

    public int Column { get; }

    /// <summary>Stable kind: YamlSyntax, TagRefused, AnchorRefused, DuplicateKey, UnknownKey, MissingKey, WrongType,
    /// BadSize, BadValue, DanglingDevice, DanglingLabel, BadOverride.</summary>
    public string Code { get; }

    public string Message { get; }

    /// <summary>"file:line:column: message", the form editors and CI logs link to.</summary>
    public override string ToString()
        => string.Format(CultureInfo.InvariantCulture, "{0}:{1}:{2}: {3}", File, Line, Column, Message);
}
