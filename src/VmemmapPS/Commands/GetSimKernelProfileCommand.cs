using System;
using System.Linq;
using System.Management.Automation;
using VmemmapPS.Completion;
using VmemmapPS.Core;
using VmemmapPS.Core.Versions;

namespace VmemmapPS.Commands;

/// <summary>
/// What a kernel release does here and why: the release resolved against the timeline of kernel commits, one row
/// per behaviour switch. Binds KernelVersion from the pipeline by name, so a machine or a sweep row feeds it.
/// </summary>
[Cmdlet(VerbsCommon.Get, "SimKernelProfile")]
[OutputType(typeof(KernelSwitchRow))]
public sealed class GetSimKernelProfileCommand : SimCmdletBase
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(KernelVersionCompleter))]
    [ValidateNotNullOrEmpty]
    public string[] KernelVersion { get; set; } = { KernelProfile.DefaultVersion };

    /// <summary>Only these switches; wildcards allowed.</summary>
    [Parameter]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Name { get; set; }

    protected override void ProcessRecord()
    {
        foreach (string version in KernelVersion)
        {
            if (!TryInvoke(() => KernelProfile.Get(version), version, out KernelProfile profile))
            {
                continue;
            }

            WriteObject(FilterByName(profile.Switches(), row => row.Name, Name, SwitchNotFound), true);
        }
    }

    private static ErrorRecord SwitchNotFound(string name) =>
        ErrorMapping.KernelSwitchNotFound(name, string.Join(", ", KernelTimeline.Entries.Select(e => e.Switch.ToString())));
}
