using System;
using System.Linq;
using System.Management.Automation;
using VmemmapPS.Arguments;
using VmemmapPS.Completion;
using VmemmapPS.Core;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Units;

namespace VmemmapPS.Commands;

/// <summary>
/// Where system RAM went: the owner runs of allocated RAM pages (who allocated them, for what, in which kernel
/// function), or the owner of the page holding each -PhysAddr.
/// </summary>
[Cmdlet(VerbsCommon.Get, "SimPageOwner", DefaultParameterSetName = AllSet)]
[OutputType(typeof(PageOwnerInfo))]
public sealed class GetSimPageOwnerCommand : SimMachineCmdletBase
{
    private const string AllSet = "All";
    private const string AddressSet = "ByAddress";

    /// <summary>Physical addresses in system RAM; each gives the run that holds its page (Purpose Free when free).</summary>
    [Parameter(Mandatory = true, ParameterSetName = AddressSet)]
    [ByteSizeTransformation]
    public ulong[] PhysAddr { get; set; } = Array.Empty<ulong>();

    [Parameter(ParameterSetName = AllSet)]
    public PagePurpose[]? Purpose { get; set; }

    /// <summary>Only pages allocated by these devices' operations; wildcards allowed. Boot allocations have no device.</summary>
    [Parameter(Position = 1, ParameterSetName = AllSet)]
    [ArgumentCompleter(typeof(DeviceNameCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Device { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == AddressSet)
        {
            foreach (ulong pa in PhysAddr)
            {
                if (Machine.GetPageOwner(pa) is PageOwnerInfo owner)
                {
                    WriteObject(owner);
                }
                else
                {
                    WriteError(ErrorMapping.Record(FailureKind.NotSystemRam, new ItemNotFoundException(
                        $"{ByteSize.Hex(pa)} is not system RAM of machine '{Machine.Name}'; only RAM pages have owners (Get-SimMachine shows the nodes' RAM)."), pa));
                }
            }

            return;
        }

        Func<string?, bool> device = NameFilter(Device);
        WriteObject(Machine.GetPageOwners().Where(o => (Purpose is null || Purpose.Contains(o.Purpose)) && device(o.Device)), true);
    }
}
