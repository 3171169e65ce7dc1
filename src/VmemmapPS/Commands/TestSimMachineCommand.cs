using System.Collections.Generic;
using System.Management.Automation;
using VmemmapPS.Core;
using VmemmapPS.Core.Units;

namespace VmemmapPS.Commands;

/// <summary>
/// Runs the invariant checker: every struct page mapped once, every page owned once, RAM accounting balances,
/// altmap counters consistent. $true when all hold; with -Detailed, the findings instead.
/// </summary>
[Cmdlet(VerbsDiagnostic.Test, "SimMachine")]
[OutputType(typeof(bool))]
[OutputType(typeof(InvariantFinding))]
public sealed class TestSimMachineCommand : SimMachineCmdletBase
{
    [Parameter]
    public SwitchParameter Detailed { get; set; }

    protected override void ProcessRecord()
    {
        IReadOnlyList<InvariantFinding> findings = Machine.CheckInvariants();
        if (Detailed)
        {
            WriteObject(findings, true);
            return;
        }

        // One verbose line per run of the same check on the same device (a failed add can leave one per section).
        foreach (Run<InvariantFinding> run in Runs.Consecutive(findings, f => f.Check + "|" + f.Device, f => f.Address))
        {
            string more = run.Count == 1 ? string.Empty
                : $" (and {run.Count - 1} more {run.First.Check} findings, {run.Count} in all, at {ByteSize.Hex(run.FirstAddress)}-{ByteSize.Hex(run.LastAddress)})";
            WriteVerbose($"{run.First.Check}: {run.First.Message}{more}");
        }

        WriteObject(findings.Count == 0);
    }
}
