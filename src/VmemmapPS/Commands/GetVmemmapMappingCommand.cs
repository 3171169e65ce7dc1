using System.Linq;
using System.Management.Automation;
using VmemmapPS.Arguments;
using VmemmapPS.Completion;
using VmemmapPS.Core;
using VmemmapPS.Core.Sim;

namespace VmemmapPS.Commands;

/// <summary>Leaf mappings of the vmemmap (PMD blocks and PTEs) as runs, ordered by virtual address.</summary>
[Cmdlet(VerbsCommon.Get, "VmemmapMapping", DefaultParameterSetName = ByMachineSet)]
[OutputType(typeof(VmemmapMapping))]
public sealed class GetVmemmapMappingCommand : DeviceInputCmdletBase
{
    /// <summary>Only mappings populated for these devices (boot RAM's memmap has none); wildcards allowed.</summary>
    [Parameter(Position = 1, ParameterSetName = ByMachineSet)]
    [ArgumentCompleter(typeof(DeviceNameCompleter))]
    [SupportsWildcards]
    [ValidateNotNullOrEmpty]
    public string[]? Device { get; set; }

    /// <summary>First vmemmap virtual address of interest.</summary>
    [Parameter]
    [ByteSizeTransformation]
    public ulong Start { get; set; }

    /// <summary>Virtual address where the range of interest ends (exclusive).</summary>
    [Parameter]
    [ByteSizeTransformation]
    public ulong End { get; set; }

    protected override void ProcessRecord()
    {
        if (!TryTarget(Device, out SimMachine machine, out string[]? names))
        {
            return;
        }

        // An unknown device without wildcards is an error even when it would have had no mappings.
        if (names is not null)
        {
            _ = FilterByName(machine.Devices, d => d.Name, names.Where(n => !WildcardPattern.ContainsWildcardCharacters(n)).ToArray(),
                name => ErrorMapping.FromSimException(DeviceNotFound(machine, name))).Count();
        }

        var bound = MyInvocation.BoundParameters;
        ulong? start = bound.ContainsKey(nameof(Start)) ? Start : null;
        ulong? end = bound.ContainsKey(nameof(End)) ? End : null;
        string? single = names is { Length: 1 } && !WildcardPattern.ContainsWildcardCharacters(names[0]) ? WildcardPattern.Unescape(names[0]) : null;
        var matches = NameFilter(single is null ? names : null);

        // Streamed: a large machine's mappings are written as the walk produces them.
        foreach (VmemmapMapping mapping in machine.EnumerateVmemmapMappings(single, start, end))
        {
            if (matches(mapping.Device))
            {
                WriteObject(mapping);
            }
        }
    }
}
