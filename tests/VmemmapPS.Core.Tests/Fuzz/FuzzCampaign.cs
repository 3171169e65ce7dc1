using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using CsCheck;
using Xunit;
using Xunit.Abstractions;

namespace VmemmapPS.Core.Tests.Fuzz;

/// <summary>
/// The long fuzz campaign behind <c>build.ps1 -Task Fuzz</c> (excluded from the test command by its trait): random
/// core operation sequences and mutated scenario files until the targets are reached, within a time budget. Targets,
/// budget and the folder for crash files come from VMEMMAPPS_FUZZ_* variables (defaults: 100,000 operations, 5,000
/// files, 15 minutes). Each test fails when it finds a crash or cannot reach its target in the budget; the numbers
/// go to the test output and to VMEMMAPPS_FUZZ_REPORT.
/// </summary>
[Trait("Category", "FuzzCampaign")]
public class FuzzCampaign
{
    private readonly ITestOutputHelper _output;

    public FuzzCampaign(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public void CoreOperations()
    {
        long target = Setting("VMEMMAPPS_FUZZ_OPS", 100_000);
        Stopwatch clock = Stopwatch.StartNew();
        TimeSpan budget = TimeSpan.FromSeconds(Setting("VMEMMAPPS_FUZZ_SECONDS", 900));
        long ops = 0, cases = 0;
        for (uint batch = 0; ops < target && clock.Elapsed < budget; batch++)
        {
            // A fresh seed per batch; the seed is in the failure message, so a crash reproduces from it.
            string seed = new PCG(batch + 100, 20261201).ToString();
            FuzzGen.Case.Sample(c =>
            {
                ops += c.Ops.Count;
                cases++;
                FuzzRunner.Run(c, light: true);
            }, seed: seed, iter: 500, threads: 1, print: c => c.ToString());
        }

        Report("core", $"{ops} operations in {cases} sequences, {clock.Elapsed.TotalSeconds:F0} s, no crash");
        Assert.True(ops >= target, $"only {ops} of {target} operations within {budget}");
    }

    [Fact]
    public void MutatedScenarioFiles()
    {
        long target = Setting("VMEMMAPPS_FUZZ_FILES", 5_000);
        TimeSpan budget = TimeSpan.FromSeconds(Setting("VMEMMAPPS_FUZZ_SECONDS", 900));
        string crashes = Environment.GetEnvironmentVariable("VMEMMAPPS_FUZZ_CRASHES") ?? Path.Combine(Path.GetTempPath(), "vmemmapps-fuzz-crashes");
        string[] corpus = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "scenarios"), "*.yaml", SearchOption.AllDirectories)
            .OrderBy(f => f, StringComparer.Ordinal).ToArray();
        var random = new Random(20261201);
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        var found = new List<string>();
        Stopwatch clock = Stopwatch.StartNew();
        long files = 0;
        for (; files < target && clock.Elapsed < budget; files++)
        {
            string source = corpus[random.Next(corpus.Length)];
            string mutated = YamlMutator.Mutate(File.ReadAllText(source), random);
            string name = string.Format(CultureInfo.InvariantCulture, "{0}-mutant-{1}.yaml", Path.GetFileNameWithoutExtension(source), files);
            try
            {
                string outcome = ScenarioFuzz.LoadAndRun(mutated, name, TimeSpan.FromSeconds(2));
                outcomes[outcome] = outcomes.TryGetValue(outcome, out int n) ? n + 1 : 1;
            }
            catch (FuzzPropertyException e)
            {
                Directory.CreateDirectory(crashes);
                File.WriteAllText(Path.Combine(crashes, name), mutated);
                found.Add(e.Message);
            }
        }

        string summary = string.Join(", ", outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Value} {o.Key}"));
        Report("yaml", $"{files} mutated files from {corpus.Length} sources ({summary}), {found.Count} crash(es), {clock.Elapsed.TotalSeconds:F0} s");
        Assert.True(found.Count == 0, $"crashes (kept in {crashes}):\n" + string.Join("\n", found.Take(10)));
        Assert.True(files >= target, $"only {files} of {target} files within {budget}");
    }

    private void Report(string part, string line)
    {
        _output.WriteLine(line);
        if (Environment.GetEnvironmentVariable("VMEMMAPPS_FUZZ_REPORT") is { Length: > 0 } report)
        {
            File.AppendAllText(report, part + ": " + line + Environment.NewLine);
        }
    }

    private static long Setting(string name, long fallback) =>
        long.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out long value) ? value : fallback;
}
