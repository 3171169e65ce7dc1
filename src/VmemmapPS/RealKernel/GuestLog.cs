using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace VmemmapPS.RealKernel;

/// <summary>A reading of the guest's memory after a quiet period (drop_caches, compaction, a pause).</summary>
public sealed class GuestSnapshot
{
    /// <summary>nr_free_pages plus the pages on the per-cpu lists: what the buddy allocator could hand out.</summary>
    public long FreePages { get; init; }

    public long MemTotalKiB { get; init; }

    /// <summary>Slab + KernelStack + Percpu of /proc/meminfo: kernel allocations the simulator does not model.</summary>
    public long UnmodelledKiB { get; init; }
}

/// <summary>What the guest printed for one step: the sysfs readings after it and the kernel log during it.</summary>
public sealed class GuestStepReport
{
    public int Number { get; init; }

    public IReadOnlyDictionary<string, string> Fields { get; init; } = new Dictionary<string, string>();

    public IReadOnlyList<string> Dmesg { get; init; } = new List<string>();

    public string? Field(string key) => Fields.TryGetValue(key, out string? v) && v != "none" && v.Length > 0 ? v : null;

    public long? Number64(string key)
    {
        string? v = Field(key);
        if (v is null)
        {
            return null;
        }

        return v.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? long.Parse(v.Substring(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture)
            : long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) ? n : null;
    }

    /// <summary>arm64 die(): "Internal error: Oops: ... [#1] SMP".</summary>
    public int Oopses => Dmesg.Count(l => l.Contains("Internal error:") || l.Contains("kernel BUG at"));

    /// <summary>__warn(): "WARNING: CPU: 0 PID: 1 at mm/...".</summary>
    public int Warnings => Dmesg.Count(l => l.Contains("WARNING: CPU:"));

    /// <summary>The errno of a failed probe ("probe with driver nd_pmem failed with error -12"), 0 when none failed.</summary>
    public int ProbeErrno
    {
        get
        {
            foreach (string line in Dmesg)
            {
                Match m = ProbeFailed.Match(line);
                if (m.Success)
                {
                    return int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                }
            }

            return 0;
        }
    }

    /// <summary>The errno of a failed sysfs write, from the shell's strerror text (null when it did not fail).</summary>
    public int? WriteErrno => Field("err") switch
    {
        null => null,
        "No_such_device" => -19,
        "Cannot_allocate_memory" => -12,
        "No_such_device_or_address" => -6,
        "Invalid_argument" => -22,
        "Device_or_resource_busy" => -16,
        "File_exists" => -17,
        _ => null,
    };

    private static readonly Regex ProbeFailed = new(@"failed with error (-\d+)", RegexOptions.CultureInvariant);
}

/// <summary>
/// The guest runner's serial output: 'VPS begin', 'VPS snap N', 'VPS step N', 'VPS dmesg N', 'VPS end' lines among
/// whatever else the console printed.
/// </summary>
public sealed class GuestLog
{
    private static readonly char[] Space = { ' ' };

    private static readonly Regex Pair = new(@"(\w+)=(\S*)", RegexOptions.CultureInvariant);

    public string Release { get; private set; } = string.Empty;

    public ulong PageSize { get; private set; }

    public bool Began { get; private set; }

    public bool Ended { get; private set; }

    public Dictionary<int, GuestSnapshot> Snapshots { get; } = new();

    public Dictionary<int, GuestStepReport> Steps { get; } = new();

    /// <summary>Console lines that say the kernel died outside any step (a panic during boot, say).</summary>
    public List<string> Panics { get; } = new();

    public static GuestLog Parse(string text)
    {
        var log = new GuestLog();
        var fields = new Dictionary<int, Dictionary<string, string>>();
        var dmesg = new Dictionary<int, List<string>>();
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            int at = line.IndexOf("VPS ", StringComparison.Ordinal);
            if (at < 0)
            {
                if (line.Contains("Kernel panic"))
                {
                    log.Panics.Add(line.Trim());
                }

                continue;
            }

            string[] words = line.Substring(at + 4).Split(Space, 3);
            switch (words[0])
            {
                case "begin":
                    log.Began = true;
                    Dictionary<string, string> b = Pairs(line);
                    log.Release = b.TryGetValue("release", out string? r) ? r : string.Empty;
                    log.PageSize = b.TryGetValue("pagesize", out string? p) && ulong.TryParse(p, out ulong ps) ? ps : 0;
                    break;
                case "end":
                    log.Ended = true;
                    break;
                case "snap" when words.Length > 1 && int.TryParse(words[1], out int n):
                    Dictionary<string, string> s = Pairs(line);
                    log.Snapshots[n] = new GuestSnapshot
                    {
                        FreePages = Long(s, "free") + Long(s, "pcp"),
                        MemTotalKiB = Long(s, "memtotal"),
                        UnmodelledKiB = Long(s, "slab") + Long(s, "kernelstack") + Long(s, "percpu"),
                    };
                    break;
                case "step" when words.Length > 1 && int.TryParse(words[1], out int n):
                    fields[n] = Pairs(line);
                    break;
                case "dmesg" when words.Length > 1 && int.TryParse(words[1], out int n):
                    if (!dmesg.TryGetValue(n, out List<string>? lines))
                    {
                        dmesg[n] = lines = new List<string>();
                    }

                    lines.Add(words.Length > 2 ? words[2] : string.Empty);
                    break;
            }
        }

        foreach (int n in fields.Keys.Union(dmesg.Keys).Where(n => n > 0))
        {
            log.Steps[n] = new GuestStepReport
            {
                Number = n,
                Fields = fields.TryGetValue(n, out Dictionary<string, string>? f) ? f : new Dictionary<string, string>(),
                Dmesg = dmesg.TryGetValue(n, out List<string>? d) ? d : new List<string>(),
            };
        }

        return log;
    }

    private static Dictionary<string, string> Pairs(string line)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in Pair.Matches(line))
        {
            d[m.Groups[1].Value] = m.Groups[2].Value;
        }

        return d;
    }

    private static long Long(Dictionary<string, string> d, string key) =>
        d.TryGetValue(key, out string? v) && long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out long n) ? n : 0;
}
