using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Management.Automation;
using VmemmapPS.Core;
using VmemmapPS.Core.Scenarios;
using VmemmapPS.Report;

namespace VmemmapPS.Commands;

/// <summary>
/// Writes one self-contained HTML report (charts, memory map, findings, inputs) for machines, sizing rows and
/// scenario results from the pipeline. The page fetches nothing: data and chart libraries are inlined.
/// </summary>
[Cmdlet(VerbsData.Export, "SimReport", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportSimReportCommand : SimCmdletBase
{
    private readonly List<SimMachine> _machines = new();
    private readonly List<SizingRow> _sizing = new();
    private readonly List<ScenarioResult> _results = new();
    private readonly List<IReadOnlyList<KeyValuePair<string, object?>>> _sweepRows = new();

    /// <summary>SimMachine, SizingRow (Measure-Vmemmap -Size), ScenarioResult or sweep rows (Invoke-SimScenario).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [AllowNull]
    public PSObject? InputObject { get; set; }

    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Title { get; set; } = "VmemmapPS report";

    /// <summary>Printed in the header. Without it the report has no time in it, so the same input gives the same bytes.</summary>
    [Parameter]
    public DateTime? Timestamp { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    [Alias("NoOverwrite")]
    public SwitchParameter NoClobber { get; set; }

    /// <summary>Emit the written file.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        object? value = InputObject?.BaseObject;
        switch (value)
        {
            case null:
                return;
            case SimMachine machine:
                if (!_machines.Contains(machine))
                {
                    _machines.Add(machine);
                }

                return;
            case SizingRow row:
                _sizing.Add(row);
                return;
            case ScenarioResult result:
                _results.Add(result);
                return;
        }

        if (SweepRow(InputObject!) is { } sweepRow)
        {
            _sweepRows.Add(sweepRow);
            return;
        }

        WriteError(ErrorMapping.ReportInputUnsupported(InputObject!));
    }

    protected override void EndProcessing()
    {
        string file = SessionState.Path.GetUnresolvedProviderPathFromPSPath(Path);
        if (_machines.Count + _sizing.Count + _results.Count + _sweepRows.Count == 0)
        {
            WriteError(ErrorMapping.ReportInputEmpty(file));
            return;
        }

        if (File.Exists(file) && NoClobber)
        {
            WriteError(ErrorMapping.ReportFileExists(file));
            return;
        }

        if (!ShouldProcess(file, $"Write a report of {Describe()}"))
        {
            return;
        }

        string html;
        try
        {
            var doc = new ReportDocument();
            foreach (SimMachine machine in _machines)
            {
                MachineReader.Add(doc, machine);
            }

            SizingReader.Add(doc, _sizing);
            ScenarioReader.AddResults(doc, _results, ScenarioReader.SweepNames(_sweepRows));
            ScenarioReader.AddSweepRows(doc, _sweepRows);
            string? stamp = Timestamp?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
            html = HtmlPage.Render(doc, ReportAssets.Load(), Title, stamp, ModuleVersion());
        }
        catch (FileNotFoundException e)
        {
            ThrowTerminatingError(ErrorMapping.ReportAssetsMissing(e));
            return;
        }

        OutputFile.WriteAndEmit(this, file, html, Force, PassThru, ErrorMapping.ReportFileWriteFailed);
    }

    private string Describe()
    {
        var parts = new List<string>();
        void Count(int n, string what)
        {
            if (n > 0)
            {
                parts.Add($"{n} {what}");
            }
        }

        Count(_machines.Count, "machine(s)");
        Count(_sizing.Count, "sizing row(s)");
        Count(_results.Count, "scenario result(s)");
        Count(_sweepRows.Count, "sweep row(s)");
        return string.Join(", ", parts);
    }

    private string ModuleVersion() =>
        MyInvocation.MyCommand.Module?.Version?.ToString() ?? typeof(ExportSimReportCommand).Assembly.GetName().Version?.ToString() ?? "0";

    // Sweep rows are flat objects with Scenario and Combination (Invoke-SimScenario, or the same rows back from
    // Import-Csv); only their scalar properties matter to the report.
    private static List<KeyValuePair<string, object?>>? SweepRow(PSObject item)
    {
        if (item.Properties["Scenario"] is null || item.Properties["Combination"] is null)
        {
            return null;
        }

        var row = new List<KeyValuePair<string, object?>>();
        foreach (PSPropertyInfo p in item.Properties)
        {
            object? v;
            try
            {
                v = p.Value is PSObject pso ? pso.BaseObject : p.Value;
            }
            catch (GetValueException)
            {
                continue;
            }

            if (v is null or string or bool or Enum || (v is IConvertible && v.GetType().IsPrimitive))
            {
                row.Add(new(p.Name, v is Enum ? v.ToString() : v));
            }
        }

        return row;
    }
}
