using System.Collections.Generic;

namespace VmemmapPS.Core.Scenarios.Expectations;

/// <summary>The machine and the last step's outcome, with the facade's snapshots read at most once per step.</summary>
internal sealed class MetricContext
{
    private IReadOnlyList<UsageRow>? _usage;
    private IReadOnlyList<VmemmapMapping>? _mappings;
    private IReadOnlyList<TablePageInfo>? _tables;
    private IReadOnlyList<InvariantFinding>? _findings;

    /// <param name="findings">The invariant checker's findings when the step already ran it (it walks every
    /// table, so it is not run twice for one step).</param>
    public MetricContext(SimMachine machine, StepOutcome? outcome, IReadOnlyList<InvariantFinding>? findings = null)
    {
        Machine = machine;
        Outcome = outcome;
        _findings = findings;
    }

    public SimMachine Machine { get; }

    public StepOutcome? Outcome { get; }

    public IReadOnlyList<UsageRow> Usage => _usage ??= Machine.MeasureUsage();

    public IReadOnlyList<VmemmapMapping> Mappings => _mappings ??= Machine.GetVmemmapMappings();

    public IReadOnlyList<TablePageInfo> Tables => _tables ??= Machine.GetTablePages();

    public IReadOnlyList<InvariantFinding> Findings => _findings ??= Machine.CheckInvariants();
}
