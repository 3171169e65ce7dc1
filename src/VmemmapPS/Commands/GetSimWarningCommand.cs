using System;
using System.Linq;
using System.Management.Automation;
using VmemmapPS.Completion;
using VmemmapPS.Core;

namespace VmemmapPS.Commands;

/// <summary>The kernel WARN_ONs (and pr_warns) the simulated paths have hit so far, oldest first.</summary>
[Cmdlet(VerbsCommon.Get, "SimWarning")]
[OutputType(typeof(KernelWarning))]
public sealed class GetSimWarningCommand : SimMachineCmdletBase
{
    [Parameter(Position = 1)]
    [ArgumentCompleter(typeof(DeviceNameCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Device { get; set; }

    protected override void ProcessRecord()
    {
        Func<string?, bool> device = NameFilter(Device);
        WriteObject(Machine.Warnings.Where(w => device(w.Device)), true);
    }
}
