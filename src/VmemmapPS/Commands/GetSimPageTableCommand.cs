using System;
using System.Linq;
using System.Management.Automation;
using VmemmapPS.Completion;
using VmemmapPS.Core;

namespace VmemmapPS.Commands;

/// <summary>
/// The page-table pages of the kernel's vmemmap and linear-map regions: one row per run of alike, back-to-back
/// table pages, or with -Expand one per table page (millions for terabytes of page-granular linear map).
/// </summary>
[Cmdlet(VerbsCommon.Get, "SimPageTable")]
[OutputType(typeof(TablePageRun), typeof(TablePageInfo))]
public sealed class GetSimPageTableCommand : SimMachineCmdletBase
{
    [Parameter(Position = 1)]
    public PageTableRegion Region { get; set; }

    /// <summary>Kernel level index: 0 PGD, 1 PUD, 2 PMD, 3 PTE (folded levels have no pages).</summary>
    [Parameter]
    [ValidateRange(0, 4)]
    public int Level { get; set; }

    /// <summary>Only tables allocated by these devices' operations; wildcards allowed. Boot tables have no device.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(DeviceNameCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Device { get; set; }

    /// <summary>One object per table page (TablePageInfo) instead of one per run.</summary>
    [Parameter]
    public SwitchParameter Expand { get; set; }

    protected override void ProcessRecord()
    {
        var bound = MyInvocation.BoundParameters;
        PageTableRegion? region = bound.ContainsKey(nameof(Region)) ? Region : null;
        int? level = bound.ContainsKey(nameof(Level)) ? Level : null;
        Func<string?, bool> device = NameFilter(Device);
        if (Expand)
        {
            WriteObject(Machine.GetTablePages(region, level).Where(t => device(t.Device)), true);
            return;
        }

        WriteObject(Machine.GetTablePageRuns(region, level).Where(t => device(t.Device)), true);
    }
}
