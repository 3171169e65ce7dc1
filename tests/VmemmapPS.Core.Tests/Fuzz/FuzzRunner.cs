using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using VmemmapPS.Core.Errors;

namespace VmemmapPS.Core.Tests.Fuzz;

/// <summary>A property the simulator broke, with the case and the step, so the shrunk case explains itself.</summary>
public sealed class FuzzPropertyException : Exception
{
    public FuzzPropertyException(string message, Exception? inner = null) : base(message, inner)
    {
    }
}

/// <summary>
/// Runs a fuzz case against the core and checks the contract after every operation:
/// - only the project's own SimException may be thrown (kernel failures are results);
/// - a refused operation leaves every observable thing as it was;
/// - after removing every device, free RAM is back to the boot baseline, or the invariant checker names the loss;
/// - the same case gives the same trace (determinism), checked by the callers that run a case twice.
/// Returns the trace: one line per operation with its outcome, then the final state.
/// </summary>
public static class FuzzRunner
{
    /// <param name="light">Compare only counters (free RAM, log and device counts) around a refusal, not the full
    /// fingerprint: the long campaign trades that detail for ten times the operations.</param>
    public static string Run(FuzzCase c, bool light = false)
    {
        var trace = new StringBuilder();
        SimMachine m;
        try
        {
            m = SimMachine.Boot(c.Machine.ToConfig());
        }
        catch (SimException e)
        {
            return "boot refused: " + e.Kind;
        }

        foreach (Op op in c.Ops)
        {
            trace.Append(op).Append(" -> ").AppendLine(Apply(m, op, light));
        }

        // Tear everything down: what stays allocated must be named by the checker.
        foreach (DeviceMemory d in m.Devices.ToList())
        {
            HotplugResult r = Guard("final remove " + d.Name, () => m.RemoveDevice(d.Name));
            trace.Append("final remove ").Append(d.Name).Append(" -> ").AppendLine(r.Success ? "ok" : r.Failure.ToString());
        }

        IReadOnlyList<InvariantFinding> findings = m.CheckInvariants();
        if (m.SystemRamFreeBytes != m.BaselineFreeBytes && findings.Count == 0)
        {
            throw new FuzzPropertyException(string.Format(CultureInfo.InvariantCulture,
                "free RAM {0} is not the boot baseline {1} after removing every device, and the invariant checker names nothing",
                m.SystemRamFreeBytes, m.BaselineFreeBytes));
        }

        trace.Append(string.Format(CultureInfo.InvariantCulture, "free {0} baseline {1} findings {2}", m.SystemRamFreeBytes, m.BaselineFreeBytes, findings.Count)).AppendLine();
        foreach (InvariantFinding f in findings)
        {
            trace.Append(f.Check).Append(' ').Append(f.Device).Append(' ').AppendLine(f.Message);
        }

        return trace.ToString();
    }

    private static string Apply(SimMachine m, Op op, bool light)
    {
        string before = light ? Counters(m) : Fingerprint(m);
        try
        {
            switch (op.Kind)
            {
                case OpKind.Add:
                    return Outcome(Guard(op.ToString(), () => m.AddDevice(new DeviceSpec
                    {
                        Name = op.Name, Type = op.Type, Start = op.Start, Size = op.Size, Node = op.Node, Altmap = op.Altmap,
                        AltmapReservePages = op.FreePages is null ? null : 0, AltmapFreePages = op.FreePages,
                    })));
                case OpKind.Remove:
                    return Outcome(Guard(op.ToString(), () => m.RemoveDevice(op.Name)));
                case OpKind.RemoveVmemmap:
                    DeviceMemory? d = m.Devices.FirstOrDefault(x => x.Name == op.Name);
                    ulong start = (d?.Start ?? op.Start) + op.Offset;
                    return Outcome(Guard(op.ToString(), () => m.RemoveVmemmap(start, op.Size, op.WithAltmap && d is not null ? d.Name : null)));
                default:
                    Guard(op.ToString(), () =>
                    {
                        m.InjectFailure(new FaultSpec { Nth = op.Nth, Order = op.Order, Count = op.Count });
                        return 0;
                    });
                    return "armed";
            }
        }
        catch (SimException e)
        {
            string after = light ? Counters(m) : Fingerprint(m);
            if (after != before)
            {
                throw new FuzzPropertyException($"'{op}' was refused ({e.Kind}: {e.Message}) but changed the machine");
            }

            return "refused " + e.Kind;
        }
    }

    private static string Counters(SimMachine m) => string.Format(CultureInfo.InvariantCulture, "free={0} allocs={1} warnings={2} devices={3}",
        m.SystemRamFreeBytes, m.Allocations.Count, m.Warnings.Count, string.Join(",", m.Devices.Select(d => d.Name)));

    /// <summary>Everything observable that an operation changes, without the page-table dump MachineSnapshot adds
    /// (which would make every operation cost as much as printing the tables): free RAM, devices and their usage,
    /// altmaps, table pages, vmemmap mappings, and the allocation and warning logs.</summary>
    internal static string Fingerprint(SimMachine m)
    {
        var sb = new StringBuilder();
        sb.Append(string.Format(CultureInfo.InvariantCulture, "free={0} allocs={1} warnings={2} tables={3}\n",
            m.SystemRamFreeBytes, m.Allocations.Count, m.Warnings.Count, m.GetTablePages().Count));
        foreach (UsageRow r in m.MeasureUsage())
        {
            sb.Append(string.Format(CultureInfo.InvariantCulture, "{0} {1} {2} {3} {4}\n", r.Device, r.VmemmapBytes, r.VmemmapFromAltmapBytes, r.VmemmapFromSystemRamBytes, r.SystemRamUsedBytes));
        }

        foreach (VmemAltmapInfo a in m.GetAltmaps())
        {
            sb.Append(string.Format(CultureInfo.InvariantCulture, "altmap {0} {1} {2} {3} {4}\n", a.Device, a.BasePfn, a.Reserve, a.Free, a.Alloc));
        }

        foreach (VmemmapMapping v in m.GetVmemmapMappings())
        {
            sb.Append(string.Format(CultureInfo.InvariantCulture, "map {0:X} {1} {2} {3:X} {4}\n", v.VirtualAddress, v.Size, v.Level, v.PhysAddr, v.Device));
        }

        return sb.ToString();
    }

    private static string Outcome(HotplugResult r) =>
        r.Success ? "ok" : string.Format(CultureInfo.InvariantCulture, "failed {0} {1}{2}", r.Failure, r.Errno, r.LeftState ? " left state" : "");

    /// <summary>Lets SimException through and turns anything else into a property failure naming the operation.</summary>
    private static T Guard<T>(string what, Func<T> operation)
    {
        try
        {
            return operation();
        }
        catch (SimException)
        {
            throw;
        }
        catch (Exception e)
        {
            throw new FuzzPropertyException($"'{what}' threw {e.GetType().Name}: {e.Message}", e);
        }
    }
}
