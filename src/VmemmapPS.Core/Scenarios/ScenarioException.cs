using System;
using System.Collections.Generic;
using System.Linq;

namespace VmemmapPS.Core.Scenarios;

/// <summary>
/// A scenario file that cannot be run: broken YAML (<see cref="ParseFailedId"/>) or YAML that does not describe a
/// valid scenario (<see cref="ValidationFailedId"/>). Thrown before any step runs.
/// </summary>
public sealed class ScenarioException : Exception
{
    public const string ParseFailedId = "ScenarioParseFailed";

    public const string ValidationFailedId = "ScenarioValidationFailed";

    public ScenarioException(string errorId, string path, IReadOnlyList<ScenarioDiagnostic> diagnostics)
        : base(BuildMessage(diagnostics))
    {
        ErrorId = errorId;
        Path = path;
        Diagnostics = diagnostics;
    }

    /// <summary><see cref="ParseFailedId"/> or <see cref="ValidationFailedId"/>.</summary>
    public string ErrorId { get; }

    /// <summary>The file (or source name) that was refused.</summary>
    public string Path { get; }

    /// <summary>Every problem found, in file order. Never empty.</summary>
    public IReadOnlyList<ScenarioDiagnostic> Diagnostics { get; }

    /// <summary>The first problem (the one the message leads with).</summary>
    public ScenarioDiagnostic First => Diagnostics[0];

    private static string BuildMessage(IReadOnlyList<ScenarioDiagnostic> diagnostics)
    {
        if (diagnostics.Count == 0)
        {
            throw new ArgumentException("A scenario error needs at least one diagnostic.", nameof(diagnostics));
        }

        if (diagnostics.Count == 1)
        {
            return diagnostics[0].ToString();
        }

        return string.Join(Environment.NewLine, diagnostics.Select(d => d.ToString()));
    }
}
