using System;
using System.Collections.Generic;
using System.Linq;
using VmemmapPS.Core.Errors;

namespace VmemmapPS.Core.Scenarios;

/// <summary>
/// A scenario file that cannot be run: broken YAML (<see cref="FailureKind.ScenarioParseFailed"/>) or YAML that does not
/// describe a valid scenario (<see cref="FailureKind.ScenarioValidationFailed"/>). Thrown before any step runs.
/// </summary>
public sealed class ScenarioException : Exception
{
    public ScenarioException(FailureKind kind, string path, IReadOnlyList<ScenarioDiagnostic> diagnostics)
        : base(BuildMessage(diagnostics))
    {
        Kind = kind;
        Path = path;
        Diagnostics = diagnostics;
    }

    /// <summary><see cref="FailureKind.ScenarioParseFailed"/> or <see cref="FailureKind.ScenarioValidationFailed"/>.</summary>
    public FailureKind Kind { get; }

    /// <summary>The kind's name: the PowerShell error id.</summary>
    public string ErrorId => Kind.ToString();

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
