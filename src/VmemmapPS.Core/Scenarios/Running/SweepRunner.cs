using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace VmemmapPS.Core.Scenarios.Running;

/// <summary>What one sweep combination produced, buffered until its turn comes to be written.</summary>
internal sealed class CombinationOutcome
{
    public CombinationOutcome(SweepCombination combination, IReadOnlyList<ScenarioResult> results, SweepRow row)
    {
        Combination = combination;
        Results = results;
        Row = row;
    }

    public SweepCombination Combination { get; }

    public IReadOnlyList<ScenarioResult> Results { get; }

    public SweepRow Row { get; }
}

/// <summary>
/// Runs sweep combinations on several threads (each on its own machine: combinations share no state) and hands
/// their outcomes back in combination order on the calling thread, so the output does not depend on which
/// finished first. At most twice as many combinations as threads are in flight, so memory stays bounded.
/// </summary>
internal static class SweepRunner
{
    public static IEnumerable<CombinationOutcome> RunInOrder(IReadOnlyList<SweepCombination> combinations,
        Func<SweepCombination, CancellationToken, CombinationOutcome> run, int parallelism, CancellationToken cancel)
    {
        int threads = parallelism > 0 ? parallelism : Environment.ProcessorCount;
        if (threads <= 1 || combinations.Count <= 1)
        {
            foreach (SweepCombination c in combinations)
            {
                yield return run(c, cancel);
            }

            yield break;
        }

        // text the combinations format must not depend on which thread formats it
        CultureInfo culture = CultureInfo.CurrentCulture, uiCulture = CultureInfo.CurrentUICulture;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var inFlight = new Queue<Task<CombinationOutcome>>();
        int next = 0;
        try
        {
            while (next < combinations.Count || inFlight.Count > 0)
            {
                while (next < combinations.Count && inFlight.Count < 2 * threads)
                {
                    SweepCombination c = combinations[next++];
                    inFlight.Enqueue(Task.Factory.StartNew(
                        () =>
                        {
                            CultureInfo.CurrentCulture = culture;
                            CultureInfo.CurrentUICulture = uiCulture;
                            return run(c, stop.Token);
                        },
                        stop.Token, TaskCreationOptions.None, TaskScheduler.Default));
                }

                // GetResult rethrows the combination's own exception (e.g. cancellation), not an AggregateException.
                yield return inFlight.Dequeue().GetAwaiter().GetResult();
            }
        }
        finally
        {
            // stopped early (an exception, Ctrl+C, or the consumer stopped reading): no combination outlives the call
            stop.Cancel();
            foreach (Task<CombinationOutcome> t in inFlight)
            {
                try
                {
                    t.Wait(CancellationToken.None);
                }
                catch (AggregateException)
                {
                    // its outcome is no longer wanted
                }
            }
        }
    }
}
