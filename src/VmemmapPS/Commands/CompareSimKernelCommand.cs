using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Threading;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Scenarios;
using VmemmapPS.Core.Versions;
using VmemmapPS.RealKernel;

namespace VmemmapPS.Commands;

/// <summary>
/// Runs a scenario on the simulator and on a real arm64 kernel booted under QEMU, and emits one row per step and
/// metric with both values and whether they agree.
/// </summary>
[Cmdlet(VerbsData.Compare, "SimKernel", DefaultParameterSetName = PackageSet)]
[OutputType(typeof(SimKernelComparison))]
public sealed class CompareSimKernelCommand : PSCmdlet, IDisposable
{
    private const string PackageSet = "Package";
    private const string ImageSet = "Image";

    private readonly CancellationTokenSource _stop = new();

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = System.Array.Empty<string>();

    /// <summary>A Debian arm64 kernel: a package name, a release (6.12.117) or a series (6.12: the newest served).</summary>
    [Parameter(ParameterSetName = PackageSet)]
    [ValidateNotNullOrEmpty]
    public string KernelPackage { get; set; } = "6.12";

    /// <summary>The user's own arm64 kernel Image (arch/arm64/boot/Image or Image.gz).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ImageSet)]
    [ValidateNotNullOrEmpty]
    public string KernelImage { get; set; } = string.Empty;

    /// <summary>A folder holding that kernel's modules (searched recursively), e.g. an INSTALL_MOD_PATH tree.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ImageSet)]
    [ValidateNotNullOrEmpty]
    public string ModulesPath { get; set; } = string.Empty;

    /// <summary>Values that replace the file's, as Invoke-SimScenario -Set.</summary>
    [Parameter]
    public Hashtable? Set { get; set; }

    /// <summary>A DevDax device that the guest hands to kmem (System RAM) after each add of it.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? KmemDevice { get; set; }

    /// <summary>With -KmemDevice: the dax device's memmap_on_memory (struct pages on the hot-added memory itself).</summary>
    [Parameter]
    public SwitchParameter MemmapOnMemory { get; set; }

    /// <summary>Where kernels, initramfs images, device trees and run logs are kept.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CachePath { get; set; }

    /// <summary>How long one boot may take before QEMU is stopped.</summary>
    [Parameter]
    [ValidateRange(30, 3600)]
    public int TimeoutSeconds { get; set; } = 300;

    protected override void ProcessRecord()
    {
        if (MemmapOnMemory && KmemDevice is null)
        {
            ThrowTerminatingError(ErrorMapping.Record(FailureKind.MemmapOnMemoryWithoutKmemDevice,
                new ArgumentException("-MemmapOnMemory applies to the device named by -KmemDevice; give -KmemDevice too."), null));
        }

        foreach (string path in Path)
        {
            foreach (string file in ScenarioCmdletSupport.ResolveFiles(this, path, literal: false))
            {
                try
                {
                    CompareFile(file);
                }
                catch (ScenarioException e)
                {
                    WriteError(ErrorMapping.FromScenarioException(e));
                }
                catch (GuestPlanException e)
                {
                    WriteError(ErrorMapping.Record(FailureKind.GuestCannotExpress, e, e.Target));
                }
                catch (RealKernelException e)
                {
                    WriteError(ErrorMapping.Record(e.Kind, e, e.Target));
                }
                catch (SimException e)
                {
                    WriteError(ErrorMapping.FromSimException(e, file));
                }
                catch (IOException e)
                {
                    WriteError(ErrorMapping.Record(FailureKind.RealKernelIOError, e, file));
                }
            }
        }
    }

    private void CompareFile(string file)
    {
        Scenario scenario = ScenarioLoader.Load(file, ScenarioCmdletSupport.Overrides(Set));
        GuestPlan plan = GuestPlan.From(scenario, KmemDevice, MemmapOnMemory);
        string? image = null, modules = null;
        if (ParameterSetName == ImageSet)
        {
            image = GetUnresolvedProviderPathFromPSPath(KernelImage);
            modules = GetUnresolvedProviderPathFromPSPath(ModulesPath);
            if (!File.Exists(image))
            {
                throw new RealKernelException(FailureKind.KernelImageNotFound, $"There is no kernel Image at '{image}'.", KernelImage);
            }

            if (!Directory.Exists(modules))
            {
                throw new RealKernelException(FailureKind.ModulesPathNotFound, $"There is no modules folder at '{modules}'.", ModulesPath);
            }
        }
        else if (plan.PageSize is not (4096 or 16384))
        {
            throw new RealKernelException(FailureKind.NoDebianKernelForPageSize, $"Debian builds arm64 kernels for 4K and 16K pages; for {plan.PageSize / 1024}K pages give -KernelImage and -ModulesPath.", scenario.Path);
        }

        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            throw new RealKernelException(FailureKind.RealKernelNeedsLinux, "Compare-SimKernel boots the kernel with QEMU and prepares it with Debian's tools: it runs on Linux only.", scenario.Path);
        }

        string cache = CachePath is null ? KernelPreparation.DefaultCache() : GetUnresolvedProviderPathFromPSPath(CachePath);
        var messages = new List<string>();
        WriteVerbose($"Preparing the kernel in {cache}");
        PreparedKernel kernel = KernelPreparation.Prepare(cache, KernelPackage, plan.PageSize, image, modules, line => { lock (messages) messages.Add(line); });
        foreach (string m in messages)
        {
            WriteVerbose(m);
        }

        string runDir = System.IO.Path.Combine(cache, "runs", $"{scenario.Name}-{System.IO.Path.GetFileName(kernel.Directory)}");
        WriteVerbose($"Booting {kernel.Release} under QEMU ({plan.QemuMemoryGiB} GiB, mem={plan.RamBytes >> 20}M): {plan.KernelCommandLine()}");
        string logPath = QemuBoot.Run(plan, kernel, cache, runDir, TimeoutSeconds, _stop.Token);
        GuestLog log = GuestLog.Parse(File.ReadAllText(logPath));
        if (!log.Began)
        {
            string why = log.Panics.Count > 0 ? log.Panics[0] : "the guest runner never started";
            throw new RealKernelException(FailureKind.GuestBootFailed, $"The guest did not boot ({why}); the serial log is {logPath}.", logPath);
        }

        if (log.PageSize != plan.PageSize)
        {
            throw new RealKernelException(FailureKind.PageSizeMismatch, $"The kernel runs with {log.PageSize / 1024}K pages; the scenario has {plan.PageSize / 1024}K.", logPath);
        }

        if (!log.Ended)
        {
            WriteWarning($"The guest did not finish its steps (an Oops holding a lock, or the {TimeoutSeconds} s timeout); steps it did not run say so. Log: {logPath}");
        }

        // The simulator resolves the release as uname -r prints it against its kernel timeline.
        Scenario simulated = ScenarioLoader.WithOverrides(scenario, new[] { new KeyValuePair<string, string>("machine.kernel", log.Release) });
        string upstream = KernelProfile.Get(log.Release).Upstream;
        WriteVerbose($"Simulating {log.Release} as upstream {upstream}.");
        IReadOnlyList<SimulatedStep> sim = SimulatedRun.Run(plan, simulated);
        foreach (SimKernelComparison row in StepComparer.Compare(plan, sim, log, upstream, logPath))
        {
            WriteObject(row);
        }
    }

    protected override void StopProcessing() => _stop.Cancel();

    public void Dispose() => _stop.Dispose();
}
