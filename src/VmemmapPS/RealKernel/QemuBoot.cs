using VmemmapPS.Core.Errors;
using System;
using System.Diagnostics;
using System.IO;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;

namespace VmemmapPS.RealKernel;

/// <summary>
/// One boot of a prepared kernel under QEMU's virt machine with the plan's device tree: TCG (two vCPUs), or KVM on
/// an arm64 host that offers it. Returns the serial log.
/// </summary>
public static class QemuBoot
{
    private const string Qemu = "qemu-system-aarch64";

    public static string Run(GuestPlan plan, PreparedKernel kernel, string cache, string runDirectory, int timeoutSeconds, CancellationToken stop)
    {
        Directory.CreateDirectory(runDirectory);
        string dts = Path.Combine(runDirectory, "guest.dts");
        string dtb = Path.Combine(runDirectory, "guest.dtb");
        File.WriteAllText(dts, BaseDeviceTree(cache, plan.QemuMemoryGiB) + plan.DeviceTreeAddition());
        RunTool("dtc", $"-q -I dts -O dtb -o \"{dtb}\" \"{dts}\"", 60);

        string log = Path.Combine(runDirectory, "serial.log");
        string accel = UseKvm ? "-accel kvm -cpu host" : "-accel tcg -cpu max,pauth-impdef=on";
        string args = $"-M virt {accel} -smp 2 -m {plan.QemuMemoryGiB}G -nographic -nic none -no-reboot "
            + $"-kernel \"{kernel.Image}\" -initrd \"{kernel.Initrd}\" -dtb \"{dtb}\" -append \"{plan.KernelCommandLine()}\"";
        File.WriteAllText(Path.Combine(runDirectory, "qemu-args.txt"), args + "\n");
        var output = new StringBuilder();
        using (var p = Start(Qemu, args))
        {
            p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.Append(e.Data).Append('\n'); };
            p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.Append(e.Data).Append('\n'); };
            p.BeginOutputReadLine();
            p.BeginErrorReadLine();
            DateTime deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
            while (!p.WaitForExit(250))
            {
                if (stop.IsCancellationRequested || DateTime.UtcNow > deadline)
                {
                    try { p.Kill(); } catch (InvalidOperationException) { }
                    p.WaitForExit();
                    lock (output) output.Append(stop.IsCancellationRequested ? "VPS-HOST stopped\n" : $"VPS-HOST timeout after {timeoutSeconds} s\n");
                    break;
                }
            }

            p.WaitForExit();
        }

        string text;
        lock (output) text = output.ToString();
        File.WriteAllText(log, text);
        return log;
    }

    // An arm64 host with /dev/kvm runs the guest natively; everywhere else TCG emulates it (about 15 s a boot).
    private static bool UseKvm => RuntimeInformation.OSArchitecture == Architecture.Arm64 && File.Exists("/dev/kvm");

    /// <summary>QEMU's own device tree for virt with that much memory (cached): the guest's is it plus our nodes.</summary>
    private static string BaseDeviceTree(string cache, int memoryGiB)
    {
        string dir = Path.Combine(cache, "dtb");
        Directory.CreateDirectory(dir);
        string dts = Path.Combine(dir, $"virt-{memoryGiB}G.dts");
        if (!File.Exists(dts))
        {
            string dtb = Path.Combine(dir, $"virt-{memoryGiB}G.dtb");
            RunTool(Qemu, $"-M virt,dumpdtb=\"{dtb}\" -accel tcg -cpu max -smp 2 -m {memoryGiB}G -nographic -nic none", 60);
            RunTool("dtc", $"-q -I dtb -O dts -o \"{dts}.tmp\" \"{dtb}\"", 60);
            File.Move(dts + ".tmp", dts);
        }

        return File.ReadAllText(dts);
    }

    private static void RunTool(string file, string args, int timeoutSeconds)
    {
        using Process p = Start(file, args);
        string err = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        if (!p.WaitForExit(timeoutSeconds * 1000) || p.ExitCode != 0)
        {
            throw new RealKernelException(FailureKind.HostToolFailed, $"'{file} {args}' failed: {err.Trim()}", file);
        }
    }

    private static Process Start(string file, string args)
    {
        var psi = new ProcessStartInfo(file, args)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        try
        {
            var p = Process.Start(psi)!;
            p.StandardInput.Close();
            return p;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new RealKernelException(FailureKind.HostToolMissing, $"'{file}' cannot be started ({e.Message}); the preparation step installs it on Debian (qemu-system-arm, device-tree-compiler).", file);
        }
    }
}
