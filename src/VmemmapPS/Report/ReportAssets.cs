using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;

namespace VmemmapPS.Report;

/// <summary>
/// The files a report inlines, read from the module's report folder: the page's own script and style, and the
/// vendored Vega, Vega-Lite and Vega-Embed builds (report/vendor, with their licences and versions.json).
/// </summary>
internal sealed class ReportAssets
{
    private static readonly string[] Libraries = { "vega.min.js", "vega-lite.min.js", "vega-embed.min.js" };

    private ReportAssets(string folder)
    {
        Folder = folder;
        Style = Read("report.css");
        Script = Read("report.js");
        var libs = new List<string>();
        foreach (string lib in Libraries)
        {
            // The map files are not shipped: without the comment a browser's developer tools do not try to fetch them.
            libs.Add(Regex.Replace(Read(Path.Combine("vendor", lib)), @"\n?//# sourceMappingURL=\S*\s*$", "\n"));
        }

        LibraryScripts = libs;
        VersionsJson = Read(Path.Combine("vendor", "versions.json")).Trim();
    }

    public string Folder { get; }

    public string Style { get; }

    public string Script { get; }

    public IReadOnlyList<string> LibraryScripts { get; }

    /// <summary>{"vega": "6.4.0", ...}: what vendor/Update-Vendor.ps1 fetched.</summary>
    public string VersionsJson { get; }

    /// <summary>The folder next to bin/ in the laid-out module (report/), or beside the assembly.</summary>
    public static ReportAssets Load()
    {
        string bin = Path.GetDirectoryName(typeof(ReportAssets).Assembly.Location) ?? ".";
        foreach (string candidate in new[] { Path.Combine(bin, "..", "report"), Path.Combine(bin, "report") })
        {
            if (File.Exists(Path.Combine(candidate, "report.js")))
            {
                return new ReportAssets(Path.GetFullPath(candidate));
            }
        }

        throw new FileNotFoundException($"The report assets (report/report.js and report/vendor) are missing next to {bin}; the module is not laid out completely.");
    }

    private string Read(string relative)
    {
        // '\n' line ends whatever git checked out, so the report's bytes do not depend on the OS.
        return File.ReadAllText(Path.Combine(Folder, relative)).Replace("\r\n", "\n");
    }
}
