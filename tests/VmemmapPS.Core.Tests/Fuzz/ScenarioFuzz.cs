using System;
using System.Threading;
using VmemmapPS.Core.Scenarios;

namespace VmemmapPS.Core.Tests.Fuzz;

/// <summary>Loads (and, when it validates, runs) one scenario text: the only exceptions allowed are the project's own.</summary>
public static class ScenarioFuzz
{
    /// <summary>"refused", "ran" or "cancelled"; throws <see cref="FuzzPropertyException"/> for anything else.</summary>
    public static string LoadAndRun(string yaml, string name, TimeSpan runBudget)
    {
        Scenario scenario;
        try
        {
            scenario = ScenarioLoader.Parse(yaml, name);
        }
        catch (ScenarioException e) when (e.Diagnostics.Count > 0)
        {
            return "refused";
        }
        catch (Exception e) when (e is not ScenarioException)
        {
            throw new FuzzPropertyException($"{name}: loading threw {e.GetType().Name}: {e.Message}", e);
        }

        using var cancel = new CancellationTokenSource(runBudget);
        try
        {
            ScenarioRunner.Run(scenario, null, cancel.Token);
            return "ran";
        }
        catch (OperationCanceledException)
        {
            return "cancelled";
        }
        catch (Exception e)
        {
            // Even SimException: the runner turns refusals into failed step rows, so anything thrown is a crash.
            throw new FuzzPropertyException($"{name}: running threw {e.GetType().Name}: {e.Message}", e);
        }
    }
}
