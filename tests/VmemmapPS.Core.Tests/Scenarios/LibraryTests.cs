using System.IO;
using System.Linq;
using System.Text.Json;
using VmemmapPS.Core.Scenarios;
using Xunit;

namespace VmemmapPS.Core.Tests.Scenarios;

/// <summary>Every file in scenarios/: the library loads, runs and passes; the negative files fail where they say.</summary>
public class LibraryTests
{
    [Fact]
    public void TheLibraryHasAtLeastTwelveScenarios() => Assert.True(LibraryFiles.Good().Count() >= 12);

    [Theory]
    [MemberData(nameof(LibraryFiles.Good), MemberType = typeof(LibraryFiles))]
    public void LoadsAndHasExpectations(string file)
    {
        Scenario s = ScenarioLoader.Load(LibraryFiles.GoodPath(file));
        Assert.Equal(Path.GetFileNameWithoutExtension(file), s.Name);
        Assert.False(string.IsNullOrWhiteSpace(s.Description));
        Assert.NotEmpty(s.Steps);
        int expectations = s.IsSweep ? s.Combinations.Sum(c => c.Scenario.ExpectationCount) : s.ExpectationCount;
        Assert.True(expectations > 0, $"{file} checks nothing");
    }

    [Theory]
    [MemberData(nameof(LibraryFiles.Invalid), MemberType = typeof(LibraryFiles))]
    public void NegativeFileFailsWithItsErrorAndPosition(string file)
    {
        string path = LibraryFiles.InvalidPath(file);
        (string id, string code, int line, int column) = LibraryFiles.ExpectedError(path);
        ScenarioException e = Assert.Throws<ScenarioException>(() => ScenarioLoader.Load(path));
        Assert.Equal(id, e.ErrorId);
        Assert.Equal(path, e.Path);
        Assert.Equal((code, line, column), (e.First.Code, e.First.Line, e.First.Column));
        Assert.StartsWith($"{path}:{line}:{column}: ", e.Message);
    }

    [Theory]
    [MemberData(nameof(LibraryFiles.Good), MemberType = typeof(LibraryFiles))]
    public void RunsAndEveryExpectationPasses(string file)
    {
        ScenarioRun run = ScenarioRunner.Run(ScenarioLoader.Load(LibraryFiles.GoodPath(file)));
        string failures = string.Join("\n", run.Results.Where(r => !r.Pass).Select(r => $"[{r.Combination}] {r.StepName} / {r.Name}: expected {r.Expected}, actual {r.Actual} {r.Message}"));
        Assert.True(run.Pass, failures);
        Assert.Contains(run.Results, r => r.Kind == ScenarioResultKind.Summary);
    }

    [Theory]
    [InlineData("pmem-fsdax-mapdev-vs-mapmem.yaml")]
    [InlineData("seed-altmap-5.8-vs-5.9.yaml")]
    public void RunningTwiceGivesByteIdenticalOutput(string file)
    {
        string first = Serialise(ScenarioRunner.Run(ScenarioLoader.Load(LibraryFiles.GoodPath(file))));
        string second = Serialise(ScenarioRunner.Run(ScenarioLoader.Load(LibraryFiles.GoodPath(file))));
        Assert.Equal(first, second);
    }

    [Fact]
    public void ASweepOnFourThreadsGivesTheBytesOfOneCombinationAfterTheOther()
    {
        const string file = "sweep-ram-cost-table.yaml";
        Scenario sweep = ScenarioLoader.Load(LibraryFiles.GoodPath(file));
        Assert.True(sweep.IsSweep && sweep.Combinations.Count > 4, $"{file} is no sweep of several combinations");
        Assert.Equal(Serialise(RunOn(sweep, 1)), Serialise(RunOn(sweep, 4)));
    }

    private static ScenarioRun RunOn(Scenario scenario, int threads)
    {
        var results = new System.Collections.Generic.List<ScenarioResult>();
        var rows = new System.Collections.Generic.List<SweepRow>();
        ScenarioRunner.Run(scenario, results.Add, rows.Add, parallelism: threads);
        return new ScenarioRun { Scenario = scenario, Results = results, Rows = rows };
    }

    private static string Serialise(ScenarioRun run) => JsonSerializer.Serialize(new
    {
        Results = run.Results,
        Rows = run.Rows.Select(r => r.Columns.Select(c => new { c.Key, c.Value }).ToList()),
    });
}
