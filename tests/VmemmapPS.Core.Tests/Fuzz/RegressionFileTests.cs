using System;
using System.IO;
using System.Linq;
using Xunit;

namespace VmemmapPS.Core.Tests.Fuzz;

/// <summary>
/// Every file the fuzz campaign ever crashed on (tests/fuzz-regressions) must now load or be refused with the
/// project's own error, and run without an exception when it loads.
/// </summary>
public class RegressionFileTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (string f in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "fuzz-regressions"), "*.yaml").OrderBy(f => f, StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(f));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void FormerCrash_LoadsOrIsRefused(string file)
    {
        string text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fuzz-regressions", file));
        string outcome = ScenarioFuzz.LoadAndRun(text, file, TimeSpan.FromSeconds(10));
        Assert.Contains(outcome, new[] { "refused", "ran" });
    }
}
