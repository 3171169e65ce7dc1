using System;
using System.IO;
using System.Management.Automation;
using VmemmapPS.Arguments;
using VmemmapPS.Capture;
using VmemmapPS.Core;
using VmemmapPS.Core.Capture;
using VmemmapPS.Core.Errors;
using VmemmapPS.Session;

namespace VmemmapPS.Commands;

/// <summary>
/// Builds a simulated machine from what vmemmapps-capture.sh collected on a real arm64 host (a folder or its
/// tarball), or from the pieces one by one: RAM per node, page size, VA_BITS, kernel release, rodata_full, and the
/// namespaces and dax devices at their real starts. Registers it and emits it; what the capture could not tell is
/// in its Assumptions and in warnings.
/// </summary>
[Cmdlet(VerbsData.Import, "SimMachine")]
[OutputType(typeof(SimMachine))]
public sealed class ImportSimMachineCommand : SimCmdletBase
{
    /// <summary>A capture folder or tarball (.tar, .tar.gz, .tgz).</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("PSPath", "FullName")]
    public string? Path { get; set; }

    private const string DefaultNamePrefix = "host";

    /// <summary>Name of the simulated machine; by default the first free host0, host1, ….</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = DefaultNamePrefix + "0";

    /// <summary>Replace a machine of the same name in this session.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    public string? IomemPath { get; set; }

    [Parameter]
    public string? NdctlListPath { get; set; }

    [Parameter]
    public string? DaxctlListPath { get; set; }

    [Parameter]
    public string? CxlListPath { get; set; }

    [Parameter]
    public string? CmdlinePath { get; set; }

    [Parameter]
    public string? KernelConfigPath { get; set; }

    /// <summary>What `uname -r` prints on the host.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? KernelRelease { get; set; }

    [Parameter]
    [ByteSizeTransformation]
    [ValidatePageSize]
    public ulong PageSize { get; set; }

    [Parameter]
    [ByteSizeTransformation]
    public ulong MemoryBlockSize { get; set; }

    protected override void ProcessRecord()
    {
        if (!MyInvocation.BoundParameters.ContainsKey(nameof(Name)))
        {
            Name = SimMachineRegistry.FirstFreeName(DefaultNamePrefix);
        }

        if (!MachineNames.CheckFree(this, Name, Force))
        {
            return;
        }

        string? unpacked = null;
        try
        {
            if (!TryInvoke(() => ReadCapture(out unpacked), Path, out HostCapture capture)
                || !TryInvoke(() => HostImporter.Import(capture, Name), Path, out ImportedHost host)
                || !TryInvoke(() => WithProgress($"Import {Name}", progress => HostMachine.Boot(host, progress)), Path, out HostMachineResult result))
            {
                return;
            }

            foreach (string warning in result.Warnings)
            {
                WriteWarning(warning);
            }

            if (!MachineNames.Register(this, result.Machine, Force))
            {
                return;
            }

            WriteObject(result.Machine);
        }
        finally
        {
            if (unpacked is not null)
            {
                try
                {
                    Directory.Delete(unpacked, recursive: true);
                }
                catch (IOException)
                {
                    // A temporary folder left behind is harmless; the import itself is done.
                }
            }
        }
    }

    private HostCapture ReadCapture(out string? unpacked)
    {
        unpacked = null;
        HostCapture capture = new();
        if (Path is not null)
        {
            string resolved = GetUnresolvedProviderPathFromPSPath(Path);
            if (File.Exists(resolved) && CaptureTarball.IsTarball(resolved))
            {
                unpacked = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "vmemmapps-import-" + Guid.NewGuid().ToString("N"));
                resolved = CaptureTarball.Extract(resolved, unpacked);
            }
            else if (!Directory.Exists(resolved))
            {
                throw new SimException(FailureKind.CaptureNotFound,
                    $"'{Path}' is neither a capture folder nor a tarball (.tar, .tar.gz, .tgz) written by vmemmapps-capture.sh.", Path);
            }

            capture = HostCapture.FromFolder(resolved);
        }

        SetPiece(capture, CapturePiece.Iomem, IomemPath);
        SetPiece(capture, CapturePiece.NdctlList, NdctlListPath);
        SetPiece(capture, CapturePiece.DaxctlList, DaxctlListPath);
        SetPiece(capture, CapturePiece.CxlList, CxlListPath);
        SetPiece(capture, CapturePiece.Cmdline, CmdlinePath);
        SetPiece(capture, CapturePiece.KernelConfig, KernelConfigPath);
        if (KernelRelease is not null)
        {
            capture.SetText(CapturePiece.KernelRelease, "-KernelRelease", KernelRelease);
        }

        if (MyInvocation.BoundParameters.ContainsKey(nameof(PageSize)))
        {
            capture.SetText(CapturePiece.PageSize, "-PageSize", PageSize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (MyInvocation.BoundParameters.ContainsKey(nameof(MemoryBlockSize)))
        {
            capture.SetText(CapturePiece.BlockSize, "-MemoryBlockSize", MemoryBlockSize.ToString("x", System.Globalization.CultureInfo.InvariantCulture));
        }

        return capture;
    }

    private void SetPiece(HostCapture capture, CapturePiece piece, string? path)
    {
        if (path is not null)
        {
            capture.Set(piece, GetUnresolvedProviderPathFromPSPath(path));
        }
    }
}
