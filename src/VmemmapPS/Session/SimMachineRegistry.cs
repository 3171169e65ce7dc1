using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using VmemmapPS.Core;

namespace VmemmapPS.Session;

/// <summary>
/// Machines created in this process, by name (like PSOpenAD's sessions): Get-SimMachine lists them, -Machine
/// accepts a name, and a DeviceMemory (which names its machine) can be piped back to the cmdlets.
/// A new machine with a taken name replaces the old one.
/// </summary>
public static class SimMachineRegistry
{
    private static readonly object Gate = new();
    private static readonly Dictionary<string, SimMachine> Machines = new(StringComparer.OrdinalIgnoreCase);

    public static void Register(SimMachine machine)
    {
        lock (Gate)
        {
            Machines[machine.Name] = machine;
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

    public static bool Unregister(string name)
    {
        lock (Gate)
        {
            return Machines.Remove(name);
        }
    }
}
