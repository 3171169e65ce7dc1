using System;
using System.Collections;
using System.IO;
using System.Management.Automation;
using System.Threading;
using VmemmapPS.Completion;
using VmemmapPS.Core.Scenarios;

namespace VmemmapPS.Commands;

/// <summary>
/// Runs scenarios on fresh simulated machines. Emits one ScenarioResult per step and per expectation and a summary
/// row; a sweep emits one flat row per combination (or, with -Detailed, every combination's step rows).
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "SimScenario", DefaultParameterSetName = PathSet)]
[OutputType(typeof(ScenarioResult))]
[OutputType(typeof(PSObject))]
public sealed class InvokeSimScenarioCommand : SimCmdletBase, IDisposable
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";
    private const string InputObjectSet = "InputObject";

    /// <summary>Type name of sweep rows, for Format-Table and for telling them apart in scripts.</summary>
    public const string SweepRowTypeName = "VmemmapPS.ScenarioSweepRow";

    private readonly CancellationTokenSource _stop = new();

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PathSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    /// <summary>Scenarios from Import-SimScenario.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    public Scenario[] InputObject { get; set; } = Array.Empty<Scenario>();

    /// <summary>Values that replace the file's: @{ 'machine.pageSize' = '64K' }. A swept path that is set is no longer swept.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(ScenarioSetCompleter))]
    public Hashtable? Set { get; set; }

    /// <summary>For sweeps: emit every combination's step, expectation and summary rows instead of one row each.</summary>
    [Parameter]
    public SwitchParameter Detailed { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == InputObjectSet)
        {
            foreach (Scenario scenario in InputObject)
            {
                if (TryApplySet(scenario, out Scenario ready))
                {
                    Run(ready);
                }
            }

            return;
        }

        bool literal = ParameterSetName == LiteralPathSet;
        foreach (string path in literal ? LiteralPath : Path)
        {
            foreach (string file in ScenarioCmdletSupport.ResolveFiles(this, path, literal))
            {
                Scenario scenario;
                try
                {
                    scenario = ScenarioLoader.Load(file, ScenarioCmdletSupport.Overrides(Set));
                }
                catch (ScenarioException e)
                {
                    WriteError(ErrorMapping.FromScenarioException(e));
                    continue;
                }
                catch (IOException e)
                {
                    WriteError(ErrorMapping.ScenarioFileUnreadable(e, file));
                    continue;
                }

                Run(scenario);
            }
        }
    }

    protected override void StopProcessing() => _stop.Cancel();

    public void Dispose() => _stop.Dispose();

    private bool TryApplySet(Scenario scenario, out Scenario ready)
    {
        ready = scenario;
        if (Set is null || Set.Count == 0)
        {
            return true;
        }

        try
        {
            ready = ScenarioLoader.WithOverrides(scenario, ScenarioCmdletSupport.Overrides(Set));
            return true;
        }
        catch (ScenarioException e)
        {
            WriteError(ErrorMapping.FromScenarioException(e));
            return false;
        }
    }

    private void Run(Scenario scenario)
    {
        bool rowsOnly = scenario.IsSweep && !Detailed;
        try
        {
            string activity = (scenario.IsSweep ? "Sweep " : "Scenario ") + scenario.Name;
            WithProgress<bool>(activity, progress =>
            {
                ScenarioRunner.Run(
                    scenario,
                    result =>
                    {
                        // Without -Detailed a sweep shows its rows and its own summary (Combination 0).
                        if (!rowsOnly || (result.Kind == ScenarioResultKind.Summary && result.Combination == 0))
                        {
                            WriteObject(result);
                        }
                    },
                    row =>
                    {
                        if (rowsOnly)
                        {
                            WriteObject(Flatten(row));
                        }
                    },
                    progress,
                    cancel: _stop.Token);
                return true;
            });
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: the pipeline is stopping; nothing more to write.
        }
    }

    // Sweep rows have one property per axis and report column, so they are built as PSObjects with flat properties
    // (straight into Export-Csv or a chart).
    private static PSObject Flatten(SweepRow row)
    {
        var flat = new PSObject();
        flat.TypeNames.Insert(0, SweepRowTypeName);
        foreach (var column in row.Columns)
        {
            flat.Properties.Add(new PSNoteProperty(column.Key, column.Value));
        }

        return flat;
    }
}
