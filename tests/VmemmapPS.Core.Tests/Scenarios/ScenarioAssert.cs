using System.Linq;
using VmemmapPS.Core.Scenarios;
using Xunit;

namespace VmemmapPS.Core.Tests.Scenarios;

internal static class ScenarioAssert
{
    public const string Source = "test.yaml";

    public static Scenario Load(string yaml) => ScenarioLoader.Parse(yaml, Source);

    /// <summary>Parsing must fail with this id, and some diagnostic must have this code at this line and column.</summary>
    public static ScenarioDiagnostic Fails(string yaml, string errorId, string code, int line, int column)
    {
        ScenarioException e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Parse(yaml, Source));
        Assert.Equal(errorId, e.ErrorId);
        Assert.Equal(Source, e.Path);
        ScenarioDiagnostic? hit = e.Diagnostics.FirstOrDefault(d => d.Code == code && d.Line == line && d.Column == column);
        Assert.True(hit is not null, $"expected {code} at {line}:{column}, got: {e.Message}");
        Assert.Contains($"{Source}:{line}:{column}: ", e.Message);
        return hit!;
    }
}
