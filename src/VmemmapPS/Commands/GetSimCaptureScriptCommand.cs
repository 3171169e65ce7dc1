using System.IO;
using System.Management.Automation;
using VmemmapPS.Core.Errors;

namespace VmemmapPS.Commands;

/// <summary>
/// Emits vmemmapps-capture.sh, the POSIX sh script that collects on a real arm64 host what Import-SimMachine reads,
/// or its path in the module with -AsPath.
/// </summary>
[Cmdlet(VerbsCommon.Get, "SimCaptureScript")]
[OutputType(typeof(string), typeof(FileInfo))]
public sealed class GetSimCaptureScriptCommand : PSCmdlet
{
    internal const string ScriptName = "vmemmapps-capture.sh";

    /// <summary>Emit the script's file in the module instead of its text.</summary>
    [Parameter]
    public SwitchParameter AsPath { get; set; }

    protected override void EndProcessing()
    {
        string moduleBase = MyInvocation.MyCommand.Module?.ModuleBase ?? System.IO.Path.GetDirectoryName(typeof(GetSimCaptureScriptCommand).Assembly.Location)!;
        string path = System.IO.Path.Combine(moduleBase, "capture", ScriptName);
        if (!File.Exists(path))
        {
            ThrowTerminatingError(ErrorMapping.Record(FailureKind.CaptureScriptMissing,
                new FileNotFoundException($"The module has no {ScriptName} at '{path}'.", path), path));
        }

        WriteObject(AsPath ? new FileInfo(path) : File.ReadAllText(path));
    }
}
