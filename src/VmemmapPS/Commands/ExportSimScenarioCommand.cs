using System;
using System.IO;
using System.Management.Automation;
using VmemmapPS.Core.Scenarios;

namespace VmemmapPS.Commands;

/// <summary>
/// Writes a machine and its devices as a scenario file that rebuilds it (Invoke-SimScenario runs it), after running
/// that file to prove it does: a machine it would not rebuild is refused and nothing is written. Like
/// Export-Csv: an existing file is replaced unless -NoClobber; -Force also replaces a read-only file and creates a
/// missing folder.
/// </summary>
[Cmdlet(VerbsData.Export, "SimScenario", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportSimScenarioCommand : SimMachineCmdletBase
{
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    [Alias("NoOverwrite")]
    public SwitchParameter NoClobber { get; set; }

    /// <summary>Emit the written file.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        string file = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        if (File.Exists(file) && NoClobber)
        {
            WriteError(ErrorMapping.ScenarioFileExists(file));
            return;
        }

        // Refused (ScenarioNotReproducible) when running the file would not rebuild this machine; also under -WhatIf.
        if (!TryInvoke(() => ScenarioExporter.Export(Machine), Machine.Name, out string yaml))
        {
            return;
        }

        if (!ShouldProcess(file, $"Write machine '{Machine.Name}' with {Machine.Devices.Count} device(s) as a scenario"))
        {
            return;
        }

        OutputFile.WriteAndEmit(this, file, yaml, Force, PassThru, ErrorMapping.ScenarioFileWriteFailed);
    }
}
