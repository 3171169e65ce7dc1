using System.Collections.Generic;
using System.Linq;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Scenarios;
using Xunit;

namespace VmemmapPS.Core.Tests.Scenarios;

internal static class ScenarioAssert
{
    public const string Source = "test.yaml";

    public static Scenario Load(string yaml) => ScenarioLoader.Parse(yaml, Source);

    /// <summary>Parse (with -Set style overrides) and run.</summary>
    public static ScenarioRun Run(string yaml, params (string Path, string Value)[] set)
        => ScenarioRunner.Run(ScenarioLoader.Parse(yaml, Source, set.Select(s => new KeyValuePair<string, string>(s.Path, s.Value))));

    /// <summary>Parsing must fail with this kind (and its id), and some diagnostic must have this code at this line and column.</summary>
    public static ScenarioDiagnostic Fails(string yaml, FailureKind kind, string code, int line, int column)
    {
        ScenarioException e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(yaml, Source));
        Assert.Equal(kind, e.Kind);
        Assert.Equal(kind.ToString(), e.ErrorId);
        Assert.Equal(Source, e.Path);
        ScenarioDiagnostic? hit = e.Diagnostics.FirstOrDefault(d => d.Code == code && d.Line == line && d.Column == column);
        Assert.True(hit is not null, $"expected {code} at {line}:{column}, got: {e.Message}");
        Assert.Contains($"{Source}:{line}:{column}: ", e.Message);
        return hit!;
    }

    /// <summary>Validation must refuse the file with this code at this line and column, saying <paramref name="says"/>.</summary>
    public static ScenarioDiagnostic Refused(string yaml, string code, int line, int column, string says)
    {
        ScenarioDiagnostic d = Fails(yaml, FailureKind.ScenarioValidationFailed, code, line, column);
        Assert.Contains(says, d.Message, System.StringComparison.Ordinal);
        return d;
    }
}
