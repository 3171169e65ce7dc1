using VmemmapPS.Core.Scenarios.Expectations;
using Xunit;

namespace VmemmapPS.Core.Tests.Scenarios;

/// <summary>
/// The metric paths a scenario's expect: block may name: what each resolves to (kind, and whether it reads the
/// step's outcome or the machine), and the refusals of paths that are not metrics, each saying what to write.
/// </summary>
public class MetricCatalogTests
{
    private static readonly string[] Devices = { "pmem0", "dax0.0" };

    [Theory]
    [InlineData("stepWarnings", "Count", true)]
    [InlineData("systemRamUsed", "Bytes", false)]
    [InlineData("invariants.findings", "Count", false)]
    [InlineData("tables.vmemmap.bytes", "Bytes", false)]
    [InlineData("tables.all.total", "Count", false)]
    [InlineData("mappings.boot.pte", "Count", false)]
    [InlineData("mappings.dax0.0.bytes", "Bytes", false)]
    [InlineData("usage.total.vmemmapBytes", "Bytes", false)]
    [InlineData("success", "Bool", true)]
    [InlineData("ramDelta", "SignedBytes", true)]
    public void KnownPaths_ResolveToTheirKind(string path, string kind, bool fromStep)
    {
        Assert.True(MetricCatalog.TryResolve(path, Devices, out Metric? metric, out string? code, out string? error), error);

        Assert.Null(code);
        Assert.Equal(path, metric!.Path);
        Assert.Equal(kind, metric.Kind.ToString());
        Assert.Equal(fromStep, metric.FromStep);
    }

    [Theory]
    [InlineData("stepWarnings.total", "is not a metric")]
    [InlineData("systemRamUsed.bytes", "is not a metric")]
    [InlineData("invariants.findings.x.y", "use invariants, invariants.findings or invariants.<CheckName>")]
    [InlineData("usage.pmem0", "use usage.<device|total>.<field>")]
    [InlineData("usage.pmem0.nonsense", "unknown usage field 'nonsense'")]
    [InlineData("altmap.pmem0", "use altmap.<device>.<field>")]
    [InlineData("altmap.pmem0.nonsense", "unknown altmap field 'nonsense'")]
    [InlineData("mappings.pmem0", "use mappings.<device|all|boot>")]
    [InlineData("mappings.pmem0.nonsense", "unknown mappings field 'nonsense'")]
    [InlineData("tables.kernel.bytes", "use tables.<vmemmap|linear|all>")]
    [InlineData("tables.vmemmap", "use tables.<vmemmap|linear|all>")]
    [InlineData("tables.linear.p5d", "unknown table level 'p5d'")]
    [InlineData("device.pmem0", "use device.<device>.<field>")]
    [InlineData("device.pmem0.nonsense", "unknown device field 'nonsense'")]
    [InlineData("systemMemory.ram0", "use systemMemory.<name>.<field>")]
    [InlineData("nonsense", "unknown metric 'nonsense'; metrics start")]
    public void OtherPaths_AreUnknownMetrics_SayingWhatToWrite(string path, string hint)
    {
        Assert.False(MetricCatalog.TryResolve(path, Devices, out Metric? metric, out string? code, out string? error));

        Assert.Null(metric);
        Assert.Equal("UnknownMetric", code);
        Assert.Contains(hint, error);
    }

    [Theory]
    [InlineData("usage.pmem1.vmemmapBytes")]
    [InlineData("altmap.pmem1.free")]
    [InlineData("mappings.pmem1.pte")]
    [InlineData("device.pmem1.usableBytes")]
    public void ADeviceTheScenarioDoesNotHave_IsDangling(string path)
    {
        Assert.False(MetricCatalog.TryResolve(path, Devices, out _, out string? code, out string? error));

        Assert.Equal("DanglingDevice", code);
        Assert.Contains("no device named 'pmem1'", error);
    }
}
