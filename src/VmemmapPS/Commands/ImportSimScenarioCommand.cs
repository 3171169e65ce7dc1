using System;
using System.Collections;
using System.IO;
using System.Management.Automation;
using VmemmapPS.Completion;
using VmemmapPS.Core.Scenarios;

namespace VmemmapPS.Commands;

/// <summary>
/// Reads and validates scenario files and emits them as Scenario objects, without running anything. A file that
/// fails gives a ScenarioParseFailed or ScenarioValidationFailed error whose message starts with file:line:column.
/// </summary>
[Cmdlet(VerbsData.Import, "SimScenario", DefaultParameterSetName = PathSet)]
[OutputType(typeof(Scenario))]
public sealed class ImportSimScenarioCommand : SimCmdletBase
{
    private const string PathSet = "Path";
    private const string LiteralPathSet = "LiteralPath";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PathSet)]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = Array.Empty<string>();

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
    [Alias("PSPath", "LP")]
    [ValidateNotNullOrEmpty]
    public string[] LiteralPath { get; set; } = Array.Empty<string>();

    /// <summary>Values that replace the file's: @{ 'machine.pageSize' = '64K'; 'devices.pmem0.memmap' = 'dev' }.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(ScenarioSetCompleter))]
    public Hashtable? Set { get; set; }

    protected override void ProcessRecord()
    {
        bool literal = ParameterSetName == LiteralPathSet;
        foreach (string path in literal ? LiteralPath : Path)
        {
            foreach (string file in ScenarioCmdletSupport.ResolveFiles(this, path, literal))
            {
                try
                {
                    WriteObject(ScenarioLoader.Load(file, ScenarioCmdletSupport.Overrides(Set)));
                }
                catch (ScenarioException e)
                {
                    WriteError(ErrorMapping.FromScenarioException(e));
                }
                catch (IOException e)
                {
                    WriteError(ErrorMapping.ScenarioFileUnreadable(e, file));
                }
            }
        }
    }
}
