using System.Management.Automation;
using VmemmapPS.Core;

namespace VmemmapPS.Commands;

/// <summary>The page-table pages of the kernel's vmemmap and linear-map regions.</summary>
[Cmdlet(VerbsCommon.Get, "SimPageTable")]
[OutputType(typeof(TablePageInfo))]
public sealed class GetSimPageTableCommand : SimMachineCmdletBase
{
    [Parameter(Position = 1)]
    public PageTableRegion Region { get; set; }

    /// <summary>Kernel level index: 0 PGD, 1 PUD, 2 PMD, 3 PTE (folded levels have no pages).</summary>
    [Parameter]
    [ValidateRange(0, 4)]
    public int Level { get; set; }

    protected override void ProcessRecord()
    {
        var bound = MyInvocation.BoundParameters;
        PageTableRegion? region = bound.ContainsKey(nameof(Region)) ? Region : null;
        int? level = bound.ContainsKey(nameof(Level)) ? Level : null;
        WriteObject(Machine.GetTablePages(region, level), true);
    }
}
