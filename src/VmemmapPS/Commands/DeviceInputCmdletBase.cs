using System.Management.Automation;
using VmemmapPS.Arguments;
using VmemmapPS.Completion;
using VmemmapPS.Core;

namespace VmemmapPS.Commands;

/// <summary>
/// A cmdlet that reads one machine, or the devices piped to it: <c>Get-DeviceMemory $m pmem* | Get-VmemAltmap</c>.
/// A piped device is looked up on -Machine when given, else on the machine it was read from (or, for a row
/// rebuilt from CSV or a [pscustomobject] with Machine and Name, the session machine it names).
/// </summary>
public abstract class DeviceInputCmdletBase : SimCmdletBase
{
    protected const string ByMachineSet = "ByMachine";
    protected const string ByInputObjectSet = "ByInputObject";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = ByMachineSet)]
    [Parameter(ParameterSetName = ByInputObjectSet)]
    [SimMachineTransformation]
    [ArgumentCompleter(typeof(MachineNameCompleter))]
    public SimMachine? Machine { get; set; }

    /// <summary>A device (Get-DeviceMemory's objects, or anything with its Machine and Name).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByInputObjectSet)]
    [DeviceReferenceTransformation]
    public DeviceMemory InputObject { get; set; } = null!;

    /// <summary>The machine and the device-name patterns of this record: -Machine with the cmdlet's own patterns,
    /// or a piped device's machine with its name. False (after an error) when a piped device's machine is gone.</summary>
    protected bool TryTarget(string[]? patterns, out SimMachine machine, out string[]? names)
    {
        names = patterns;
        if (ParameterSetName != ByInputObjectSet)
        {
            machine = Machine!;
            return true;
        }

        names = new[] { WildcardPattern.Escape(InputObject.Name) };
        return TryResolveTarget(Machine, InputObject, out machine);
    }
}
