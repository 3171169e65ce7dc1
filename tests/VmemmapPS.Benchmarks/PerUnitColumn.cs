using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace VmemmapPS.Benchmarks;

/// <summary>Mean time divided by the table pages or leaf entries the step touches (see <see cref="WorkCounts"/>).</summary>
public sealed class PerUnitColumn : IColumn
{
    private readonly Unit unit;

    public PerUnitColumn(Unit unit)
    {
        this.unit = unit;
    }

    public enum Unit
    {
        TablePage,
        LeafEntry,
    }

    public string Id => nameof(PerUnitColumn) + "." + unit;

    public string ColumnName => unit == Unit.TablePage ? "ns/table page" : "ns/leaf entry";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => (int)unit;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => unit == Unit.TablePage
        ? "Mean time per page-table page allocated or freed by the step"
        : "Mean time per leaf entry (vmemmap + linear map) written or cleared by the step";

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        BenchmarkReport? report = summary[benchmarkCase];
        if (report?.ResultStatistics is null)
        {
            return "NA";
        }

        string workload = (string)benchmarkCase.Parameters["Workload"];
        WorkCounts counts = WorkCounts.For(workload, benchmarkCase.Descriptor.WorkloadMethod.Name);
        ulong units = unit == Unit.TablePage ? counts.TablePages : counts.LeafEntries;
        return units == 0 ? "-" : (report.ResultStatistics.Mean / units).ToString("N2", CultureInfo.InvariantCulture);
    }

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
}
