using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using VmemmapPS.Core;
using VmemmapPS.Core.Sim;

namespace VmemmapPS.Session;

/// <summary>
/// Machines created in this process, by name (like PSOpenAD's sessions): Get-SimMachine lists them, -Machine
/// accepts a name, and a DeviceMemory (which names its machine) can be piped back to the cmdlets.
/// A name is taken until Remove-SimMachine frees it (New-SimMachine -Force replaces the machine).
/// </summary>
public static class SimMachineRegistry
{
    private static readonly object Gate = new();
    private static readonly Dictionary<string, SimMachine> Machines = new(SimNames.Comparer);

    /// <summary>Registers the machine; false (nothing changed) when the name is taken and replace is false.</summary>
    public static bool TryRegister(SimMachine machine, bool replace)
    {
        lock (Gate)
        {
            if (!replace && Machines.ContainsKey(machine.Name))
            {
                return false;
            }

            Machines[machine.Name] = machine;
            return true;
        }
    }

    public static bool IsTaken(string name)
    {
        lock (Gate)
        {
            return Machines.ContainsKey(name);
        }
    }

    /// <summary>The first of prefix0, prefix1, ... that no machine has (New-SimMachine without -Name).</summary>
    public static string FirstFreeName(string prefix)
    {
        lock (Gate)
        {
            for (int i = 0; ; i++)
            {
                string name = prefix + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                if (!Machines.ContainsKey(name))
                {
                    return name;
                }
            }
        }
    }

    public static bool TryGet(string name, out SimMachine machine)
    {
        lock (Gate)
        {
            return Machines.TryGetValue(name, out machine!);
        }
    }

    /// <summary>Machines whose name matches the wildcard pattern, sorted by name (deterministic output).</summary>
    public static IReadOnlyList<SimMachine> Find(string pattern = "*")
    {
        var wildcard = new WildcardPattern(pattern, WildcardOptions.IgnoreCase);
        lock (Gate)
        {
            return Machines.Values
                .Where(m => wildcard.IsMatch(m.Name))
                .OrderBy(m => m.Name, StringComparer.OrdinalIgnoreCase)
                .ToList();
        }
    }

    internal static string NotFoundMessage(string name) =>
        $"No machine named '{name}' in this session. Get-SimMachine lists them; New-SimMachine -Name {name} creates one.";

    /// <summary>Removes this very machine (not another one that has its name now).</summary>
    public static bool Unregister(SimMachine machine)
    {
        lock (Gate)
        {
            return Machines.TryGetValue(machine.Name, out SimMachine? current) && ReferenceEquals(current, machine) && Machines.Remove(machine.Name);
        }
    }
}
