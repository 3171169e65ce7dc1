using System.Management.Automation;
using VmemmapPS.Core;

namespace VmemmapPS.Commands;

/// <summary>
/// Arms a failure of system RAM allocations (like the kernel's fail_page_alloc), so the next hot-add meets
/// -ENOMEM where the real kernel could: vmemmap blocks, page-table pages, section metadata.
/// </summary>
[Cmdlet(VerbsCommon.Add, "SimFault", SupportsShouldProcess = true)]
[OutputType(typeof(FaultSpec))]
public sealed class AddSimFaultCommand : SimMachineCmdletBase
{
    /// <summary>What fails: PageAlloc (a system RAM allocation, the default) or MemoryBlockDevice (create_memory_block_devices).</summary>
    [Parameter]
    public FaultSite Site { get; set; } = FaultSite.PageAlloc;

    /// <summary>Fail the Nth matching allocation from now (1 = the next one).</summary>
    [Parameter(Position = 1)]
    [ValidateRange(1, long.MaxValue)]
    public long Nth { get; set; } = 1;

    /// <summary>Only count allocations of this order (0 = single pages; 9 = a 2 MiB PMD block on 4K).</summary>
    [Parameter]
    [ValidateRange(0, 20)]
    public int Order { get; set; }

    /// <summary>How many consecutive matching allocations fail, starting with the Nth.</summary>
    [Parameter]
    [ValidateRange(1, long.MaxValue)]
    public long Count { get; set; } = 1;

    /// <summary>Emit the armed fault.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var fault = new FaultSpec
        {
            Site = Site,
            Nth = Nth,
            Order = MyInvocation.BoundParameters.ContainsKey(nameof(Order)) ? Order : null,
            Count = Count,
        };
        string order = fault.Order is null ? "any order" : $"order {fault.Order}";
        string what = Site == FaultSite.PageAlloc
            ? $"Fail {Count} system RAM allocation(s) of {order}, starting with match #{Nth}"
            : $"Fail {Count} memory block device registration(s), starting with #{Nth}";
        if (ShouldMutate(Machine.Name, what, out bool whatIf))
        {
            if (TryInvoke(() => { Machine.InjectFailure(fault); return true; }, fault, out _) && PassThru)
            {
                WriteObject(fault);
            }
        }
        else if (whatIf && PassThru && TryInvoke(() => { Machine.ValidateFault(fault); return true; }, fault, out _))
        {
            // As Add-DeviceMemory -WhatIf -PassThru: what a real run would emit, nothing armed.
            WriteObject(fault);
        }
    }
}
