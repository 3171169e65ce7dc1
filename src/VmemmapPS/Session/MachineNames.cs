using System.Management.Automation;
using VmemmapPS.Core;

namespace VmemmapPS.Session;

/// <summary>
/// How cmdlets that create a machine (New-SimMachine, Import-SimMachine) claim its name: refused while the
/// session has it unless -Force, checked before booting and again when registering, since another runspace may
/// have taken it meanwhile.
/// </summary>
internal static class MachineNames
{
    /// <summary>False (with a MachineNameInUse error written) when the name is taken and -Force was not given.</summary>
    public static bool CheckFree(Cmdlet cmdlet, string name, bool force)
    {
        if (!force && SimMachineRegistry.IsTaken(name))
        {
            cmdlet.WriteError(ErrorMapping.MachineNameInUse(name));
            return false;
        }

        return true;
    }

    /// <summary>Registers the machine; false (with a MachineNameInUse error written) when the name was taken meanwhile.</summary>
    public static bool Register(Cmdlet cmdlet, SimMachine machine, bool force)
    {
        if (!SimMachineRegistry.TryRegister(machine, force))
        {
            cmdlet.WriteError(ErrorMapping.MachineNameInUse(machine.Name));
            return false;
        }

        return true;
    }
}
