using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text;

namespace VmemmapPS.Report;

/// <summary>
/// Writes the one self-contained page: tables as static HTML (readable without script), charts as containers that
/// report.js fills from the embedded data with Vega-Lite, and every library inlined so nothing is fetched.
/// </summary>
internal static class HtmlPage
{
    public static string Render(ReportDocument doc, ReportAssets assets, string title, string? generatedAt, string moduleVersion)
    {
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        h.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        h.Append("<meta name=\"generator\" content=\"VmemmapPS ").Append(E(moduleVersion)).Append("\">\n");
        h.Append("<title>").Append(E(title)).Append("</title>\n<style>\n").Append(assets.Style).Append("</style>\n</head>\n<body>\n");
        h.Append("<header>\n<h1>").Append(E(title)).Append("</h1>\n<p class=\"meta\">VmemmapPS ").Append(E(moduleVersion));
        if (doc.Kernels.Count > 0)
        {
            h.Append(" · kernel profile(s) ").Append(E(string.Join(", ", doc.Kernels)));
        }

        if (generatedAt is not null)
        {
            h.Append(" · generated ").Append(E(generatedAt));
        }

        h.Append("</p>\n<p id=\"report-status\" data-status=\"pending\">Charts need JavaScript; the tables below do not.</p>\n");
        h.Append("<pre id=\"report-errors\" hidden></pre>\n</header>\n<main>\n");

        if (doc.Costs.Count > 0)
        {
            Section(h, "cost", "RAM cost per device",
                "What each device costs, stacked: its struct pages in system RAM, its struct pages on the device itself (vmem_altmap, map=dev), " +
                "and the page-table pages of the vmemmap and of the linear map, which always come from system RAM.",
                "<div class=\"chart\" id=\"chart-cost\"></div>");
        }

        // A line needs two sizes; one size is the bar chart's business.
        if (doc.Costs.SelectMany(c => c.Where(p => p.Key == "size" && p.Value is not null).Select(p => p.Value)).Distinct().Count() > 1)
        {
            Section(h, "growth", "Cost against device size",
                "System RAM used, and device capacity that holds no data (info block, memmap on the device, alignment), per page size, " +
                "kernel and memmap location. Both axes are logarithmic; zero costs are left out.",
                "<div class=\"chart\" id=\"chart-growth\"></div>");
        }

        if (doc.Machines.Count > 0)
        {
            var charts = new StringBuilder();
            for (int i = 0; i < doc.Machines.Count; i++)
            {
                charts.Append("<h3>").Append(E(doc.Machines[i])).Append("</h3>\n<div class=\"chart map\" id=\"chart-map-").Append(i)
                      .Append("\" data-machine=\"").Append(E(doc.Machines[i])).Append("\"></div>\n");
            }

            Section(h, "memory-map", "Physical memory map",
                "Drawn to scale within each panel: the whole physical address space first, then each RAM range (memory blocks, mem_section " +
                "runs, mapped struct pages, allocated pages) and each device (its altmap reserve, used, padding and free pfns, usable data, " +
                "which subsections are populated and whether their struct pages are mapped). Device memory is ZONE_DEVICE: memremap_pages " +
                "creates no memory blocks for it. Left-behind rows are what a removal did not tear down. Hover for addresses.",
                charts.ToString());
        }

        Section(h, "findings", "Warnings and invariant findings",
            doc.Findings.Rows.Count == 0 ? "None: no kernel warning, no invariant finding, no failed expectation." : "Identical findings at several addresses are one row with a count.",
            doc.Findings.Rows.Count == 0 ? string.Empty : Table(doc.Findings));

        var tables = new StringBuilder();
        foreach (ReportTable t in doc.Tables)
        {
            tables.Append("<h3>").Append(E(t.Title)).Append("</h3>\n").Append(Table(t));
        }

        Section(h, "data", "Data", "The numbers behind the charts.", tables.ToString());

        var inputs = new StringBuilder();
        foreach (KeyValuePair<string, string> input in doc.Inputs)
        {
            inputs.Append("<h3>").Append(E(input.Key)).Append("</h3>\n<pre>").Append(E(input.Value)).Append("</pre>\n");
        }

        inputs.Append("<p>Charts: Vega-Lite, inlined (versions ").Append(E(assets.VersionsJson)).Append("; BSD-3-Clause, see report/vendor in the module).</p>\n");
        Section(h, "inputs", "Inputs", "What produced this report, to run it again.", inputs.ToString());

        h.Append("</main>\n");
        h.Append("<script type=\"application/json\" id=\"report-data\">").Append(Data(doc)).Append("</script>\n");
        foreach (string lib in assets.LibraryScripts)
        {
            h.Append("<script>\n").Append(lib).Append("</script>\n");
        }

        h.Append("<script>\n").Append(assets.Script).Append("</script>\n</body>\n</html>\n");
        return h.ToString();
    }

    private static string Data(ReportDocument doc) => JsonText.Write(new JsonObject()
        .Add("costs", doc.Costs)
        .Add("machines", doc.Machines)
        .Add("regions", doc.Regions));

    private static void Section(StringBuilder h, string id, string title, string intro, string body)
    {
        h.Append("<section id=\"").Append(id).Append("\">\n<h2>").Append(E(title)).Append("</h2>\n<p>").Append(E(intro)).Append("</p>\n")
         .Append(body).Append("</section>\n");
    }

    private static string Table(ReportTable t)
    {
        var s = new StringBuilder("<div class=\"table-wrap\"><table>\n<thead><tr>");
        foreach (string c in t.Columns)
        {
            s.Append("<th>").Append(E(c)).Append("</th>");
        }

        s.Append("</tr></thead>\n<tbody>\n");
        for (int i = 0; i < t.Rows.Count; i++)
        {
            s.Append(t.FailedRows.Contains(i) ? "<tr class=\"fail\">" : "<tr>");
            foreach (string cell in t.Rows[i])
            {
                s.Append("<td>").Append(E(cell)).Append("</td>");
            }

            s.Append("</tr>\n");
        }

        return s.Append("</tbody>\n</table></div>\n").ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
