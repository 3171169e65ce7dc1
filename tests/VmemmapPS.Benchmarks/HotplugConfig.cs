using BenchmarkDotNet.Configs;

namespace VmemmapPS.Benchmarks;

/// <summary>Adds the per-table-page and per-leaf-entry time columns to the default summary.</summary>
public sealed class HotplugConfig : ManualConfig
{
    public HotplugConfig()
    {
        AddColumn(new PerUnitColumn(PerUnitColumn.Unit.TablePage), new PerUnitColumn(PerUnitColumn.Unit.LeafEntry));
    }
}
