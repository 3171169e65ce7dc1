using System.Collections.Generic;

namespace VmemmapPS.Report;

/// <summary>A JSON object with its keys in the order written.</summary>
internal sealed class JsonObject : List<KeyValuePair<string, object?>>
{
    public JsonObject Add(string key, object? value)
    {
        Add(new KeyValuePair<string, object?>(key, value));
        return this;
    }
}

/// <summary>A table the page shows as HTML, built before any script runs.</summary>
internal sealed class ReportTable
{
    public ReportTable(string title, params string[] columns)
    {
        Title = title;
        Columns = columns;
    }

    public string Title { get; }

    public IReadOnlyList<string> Columns { get; }

    public List<IReadOnlyList<string>> Rows { get; } = new();

    /// <summary>Row indexes to mark as failures.</summary>
    public HashSet<int> FailedRows { get; } = new();
}

/// <summary>Everything one report shows, filled by the input readers in pipeline order.</summary>
internal sealed class ReportDocument
{
    /// <summary>Per device (or sizing row, or sweep combination): the cost components, for the bar and line charts.</summary>
    public List<JsonObject> Costs { get; } = new();

    /// <summary>Rectangles of the physical memory map: machine, region, lane, start, end, kind.</summary>
    public List<JsonObject> Regions { get; } = new();

    /// <summary>Machines drawn in the memory map, in input order.</summary>
    public List<string> Machines { get; } = new();

    /// <summary>Warnings, invariant findings and failed expectations.</summary>
    public ReportTable Findings { get; } = new("Warnings and findings", "Source", "Type", "Where", "Device", "Address", "Count", "Message");

    public List<ReportTable> Tables { get; } = new();

    /// <summary>What produced the input: scenario files, machine descriptions, the sizing command.</summary>
    public List<KeyValuePair<string, string>> Inputs { get; } = new();

    /// <summary>Kernel profiles seen in the input, in first-seen order.</summary>
    public List<string> Kernels { get; } = new();

    public void SeeKernel(string version)
    {
        if (!string.IsNullOrEmpty(version) && !Kernels.Contains(version))
        {
            Kernels.Add(version);
        }
    }

    public static JsonObject Cost(string source, string item, string series, ulong? size, ulong? ramMemmap, ulong? deviceMemmap,
        ulong? vmemmapTables, ulong? linearTables, ulong? ramUsed, ulong? deviceUsed) => new JsonObject()
        .Add("source", source).Add("item", item).Add("series", series).Add("size", size)
        .Add("ramMemmap", ramMemmap).Add("deviceMemmap", deviceMemmap).Add("vmemmapTables", vmemmapTables)
        .Add("linearTables", linearTables).Add("ramUsed", ramUsed).Add("deviceUsed", deviceUsed);
}
