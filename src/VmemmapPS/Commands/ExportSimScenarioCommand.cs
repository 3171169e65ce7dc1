using System;
using System.IO;
using System.Management.Automation;
using System.Text;
using VmemmapPS.Core.Scenarios;

namespace VmemmapPS.Commands;

/// <summary>
/// Writes a machine and its devices as a scenario file that rebuilds it (Invoke-SimScenario runs it). Like
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

        string yaml = ScenarioExporter.Export(Machine);

        if (!ShouldProcess(file, $"Write machine '{Machine.Name}' with {Machine.Devices.Count} device(s) as a scenario"))
        {
            return;
        }

        try
        {
            Write(file, yaml);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WriteError(ErrorMapping.ScenarioFileWriteFailed(e, file));
            return;
        }

        if (PassThru)
        {
            WriteObject(new FileInfo(file));
        }
    }

    private void Write(string file, string yaml)
    {
        string? folder = System.IO.Path.GetDirectoryName(file);
        if (Force && !string.IsNullOrEmpty(folder) && !Directory.Exists(folder))
        {
            Directory.CreateDirectory(folder);
        }

        if (Force && File.Exists(file))
        {
            var info = new FileInfo(file);
            if (info.IsReadOnly)
            {
                info.IsReadOnly = false;
            }
        }

        // UTF-8 without a BOM and '\n' line ends: the same bytes on every OS, so exported files diff cleanly in git.
        File.WriteAllText(file, yaml, new UTF8Encoding(false));
    }
}
