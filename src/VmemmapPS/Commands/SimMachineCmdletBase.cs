using System.Management.Automation;
using VmemmapPS.Arguments;
using VmemmapPS.Completion;
using VmemmapPS.Core;

namespace VmemmapPS.Commands;

/// <summary>A cmdlet that works on one machine: -Machine binds from the pipeline or takes a session machine name.</summary>
public abstract class SimMachineCmdletBase : SimCmdletBase
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [SimMachineTransformation]
    [ArgumentCompleter(typeof(MachineNameCompleter))]
    public SimMachine Machine { get; set; } = null!;

    protected ErrorRecord DeviceNotFoundError(string name) => ErrorMapping.FromSimException(DeviceNotFound(Machine, name));

    protected ErrorRecord SystemMemoryNotFoundError(string name) => ErrorMapping.FromSimException(new Core.Errors.SimException(
        Core.Errors.FailureKind.DeviceNotFound, $"Machine '{Machine.Name}' has no System RAM named '{name}'.", name));
}
