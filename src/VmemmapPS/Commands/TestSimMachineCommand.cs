using System.Collections.Generic;
using System.Management.Automation;
using VmemmapPS.Core;

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

        foreach (InvariantFinding finding in findings)
        {
            WriteVerbose($"{finding.Check}: {finding.Message}");
        }

        WriteObject(findings.Count == 0);
    }
}
