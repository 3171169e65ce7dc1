using VmemmapPS.Core.Errors;
using System;
using System.Diagnostics;
using System.IO;
using System.Management.Automation;

namespace VmemmapPS.RealKernel;

/// <summary>A prepared kernel: its Image, the initramfs with the guest runner, and the release it reports.</summary>
public sealed class PreparedKernel
{
    public string Directory { get; init; } = string.Empty;

    public string Image => Path.Combine(Directory, "Image");

    public string Initrd => Path.Combine(Directory, "initrd.gz");

    public string Release { get; init; } = string.Empty;
}

/// <summary>
/// The cached preparation step: runs the module's prepare-kernel.sh, which installs the host tools it can, fetches
/// a Debian kernel package (or takes the user's Image and modules) and builds the initramfs, all under one cache
/// folder. Its exit codes become stable error ids.
/// </summary>
public static class KernelPreparation
{
    /// <summary>$VMEMMAPPS_CACHE, else $XDG_CACHE_HOME/VmemmapPS/qemu, else ~/.cache/VmemmapPS/qemu.</summary>
    public static string DefaultCache()
    {
        string? explicitCache = Environment.GetEnvironmentVariable("VMEMMAPPS_CACHE");
        if (!string.IsNullOrEmpty(explicitCache))
        {
            return explicitCache!;
        }

        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string baseDir = !string.IsNullOrEmpty(xdg) ? xdg! : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(baseDir, "VmemmapPS", "qemu");
    }

    public static string ScriptDirectory => Path.Combine(Path.GetDirectoryName(typeof(KernelPreparation).Assembly.Location)!, "..", "RealKernel");

    /// <summary>Runs the preparation; lines it prints on stderr go to <paramref name="progress"/>.</summary>
    public static PreparedKernel Prepare(string cache, string? package, ulong pageSize, string? image, string? modules, Action<string> progress)
    {
        string script = Path.GetFullPath(Path.Combine(ScriptDirectory, "prepare-kernel.sh"));
        if (!File.Exists(script))
        {
            throw new RealKernelException(FailureKind.PreparationScriptMissing, $"The module's preparation script is missing: {script}.", script);
        }

        string args = $"\"{script}\" --cache \"{cache}\"";
        args += image is not null
            ? $" --image \"{image}\" --modules \"{modules}\""
            : $" --package \"{package}\" --page {pageSize / 1024}K";
        var psi = new ProcessStartInfo("sh", args)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        string? lastError = null;
        string? kernelDir = null;
        using var p = new Process { StartInfo = psi };
        p.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { Length: > 0 } line)
            {
                lastError = line;
                progress(line);
            }
        };
        p.OutputDataReceived += (_, e) =>
        {
            if (e.Data is string line && line.StartsWith("KERNEL_DIR=", StringComparison.Ordinal))
            {
                kernelDir = line.Substring("KERNEL_DIR=".Length);
            }
        };
        try
        {
            p.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new RealKernelException(FailureKind.NoShell, $"Cannot start 'sh' for the preparation: {e.Message}", script);
        }

        p.StandardInput.Close();
        p.BeginErrorReadLine();
        p.BeginOutputReadLine();
        p.WaitForExit();
        string reason = (lastError ?? "no message").Replace("vps-prepare: ", string.Empty);
        var target = (object?)image ?? package!;
        switch (p.ExitCode)
        {
            case 0 when kernelDir is not null:
                string release = File.Exists(Path.Combine(kernelDir, "release")) ? File.ReadAllText(Path.Combine(kernelDir, "release")).Trim() : string.Empty;
                return new PreparedKernel { Directory = kernelDir, Release = release };
            case 10: throw new RealKernelException(FailureKind.NoAptGet, $"Cannot prepare the kernel: {reason}.", target);
            case 11: throw new RealKernelException(FailureKind.HostToolMissing, $"Cannot prepare the kernel: {reason}.", target);
            case 12: throw new RealKernelException(FailureKind.PackageMirrorUnreachable, $"Cannot prepare the kernel: {reason}.", target);
            case 13: throw new RealKernelException(FailureKind.KernelPackageNotFound, $"Cannot prepare the kernel: {reason}.", target);
            case 14: throw new RealKernelException(FailureKind.KernelLacksModule, $"Cannot prepare the kernel: {reason}.", target);
            case 15: throw new RealKernelException(FailureKind.KernelImageUnusable, $"Cannot prepare the kernel: {reason}.", target);
            default:
                throw new RealKernelException(FailureKind.KernelPreparationFailed, $"Preparing the kernel failed (exit code {p.ExitCode}): {reason}.", target);
        }
    }
}

/// <summary>A failure on the real-kernel side; its kind is the ErrorRecord's id (ErrorMapping gives the category).</summary>
public sealed class RealKernelException : Exception
{
    public RealKernelException(FailureKind kind, string message, object? target)
        : base(message)
    {
        Kind = kind;
        Target = target;
    }

    public FailureKind Kind { get; }

    public object? Target { get; }
}
