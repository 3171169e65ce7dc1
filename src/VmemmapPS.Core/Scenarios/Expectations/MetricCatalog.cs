using System;
using System.Collections.Generic;
using System.Linq;
using VmemmapPS.Core.Sim;

namespace VmemmapPS.Core.Scenarios.Expectations;

/// <summary>
/// Every metric path a scenario can name, resolved against the scenario's device names. The paths are documented in
/// scenarios/README.md; keep the two in step.
/// </summary>
internal static class MetricCatalog
{
    public const string TotalKey = "total";
    public const string AllKey = "all";
    public const string BootKey = "boot";

    /// <summary>Names that mean something in a metric path and so cannot be device names.</summary>
    public static readonly string[] ReservedNames = { TotalKey, AllKey, BootKey };

    private static readonly string[] Roots =
    {
        "success", "errno", "errorId", "failedFunction", "leftState", "ramDelta", "stepWarnings",
        "systemRamFree", "systemRamUsed", "devices", "invariants", "warnings", "allocations",
        "usage", "altmap", "mappings", "tables", "device", "systemRamTotal", "systemMemory",
    };

    private static readonly (string Name, Func<UsageRow, ulong> Read)[] UsageFields =
    {
        ("vmemmapBytes", r => r.VmemmapBytes),
        ("vmemmapFromAltmapBytes", r => r.VmemmapFromAltmapBytes),
        ("vmemmapFromSystemRamBytes", r => r.VmemmapFromSystemRamBytes),
        ("vmemmapPageTableBytes", r => r.VmemmapPageTableBytes),
        ("linearMapPageTableBytes", r => r.LinearMapPageTableBytes),
        ("systemRamUsedBytes", r => r.SystemRamUsedBytes),
        ("altmapAllocPages", r => r.AltmapAllocPages),
        ("altmapAlignPages", r => r.AltmapAlignPages),
        ("altmapFreePages", r => r.AltmapFreePages),
        ("memmapOnMemoryBytes", r => r.MemmapOnMemoryBytes),
        ("vmemmapReusedBytes", r => r.VmemmapReusedBytes),
    };

    private static readonly (string Name, Func<VmemAltmapInfo, ulong> Read)[] AltmapFields =
    {
        ("basePfn", a => a.BasePfn),
        ("endPfn", a => a.EndPfn),
        ("reserve", a => a.Reserve),
        ("free", a => a.Free),
        ("align", a => a.Align),
        ("alloc", a => a.Alloc),
        ("nextPfn", a => a.NextPfn),
        ("freeRemaining", a => a.FreeRemaining),
        ("offset", a => a.Offset),
    };

    private static readonly string[] LevelNames = { "pgd", "p4d", "pud", "pmd", "pte" };

    /// <summary>Metric roots whose second part names a device: root.device.field, where the device name may itself
    /// contain dots (dax0.0), so the field is the last part and the device everything between.</summary>
    private static readonly string[] DeviceRoots = { "usage", "altmap", "mappings", "device", "systemMemory" };

    /// <summary>Resolve a path; on failure <paramref name="code"/> is DanglingDevice or UnknownMetric.</summary>
    public static bool TryResolve(string path, IReadOnlyCollection<string> devices, out Metric? metric, out string? code, out string? error)
    {
        bool ok = TryResolve(path, devices, out metric, out Refusal? refusal);
        code = refusal?.Code;
        error = refusal?.Message;
        return ok;
    }

    /// <summary>Why a path does not resolve; a plain message means an unknown metric.</summary>
    private sealed class Refusal
    {
        public Refusal(string code, string message)
        {
            Code = code;
            Message = message;
        }

        public string Code { get; }

        public string Message { get; }

        public static implicit operator Refusal(string message) => new("UnknownMetric", message);
    }

    private static string[] Split(string path)
    {
        string[] p = path.Split('.');
        if (p.Length <= 3 || !DeviceRoots.Contains(p[0]))
        {
            return p;
        }

        return new[] { p[0], string.Join(".", p, 1, p.Length - 2), p[p.Length - 1] };
    }

    private static bool TryResolve(string path, IReadOnlyCollection<string> devices, out Metric? metric, out Refusal? error)
    {
        metric = null;
        string[] p = Split(path);
        error = null;
        switch (p[0])
        {
            case "success" when p.Length == 1:
                metric = new Metric(path, MetricKind.Bool, true, c => c.Outcome?.Success);
                return true;
            case "errno" when p.Length == 1:
                metric = new Metric(path, MetricKind.Errno, true, c => c.Outcome?.Errno);
                return true;
            case "errorId" when p.Length == 1:
                metric = new Metric(path, MetricKind.Text, true, c => c.Outcome is null ? null : c.Outcome.ErrorId ?? "(none)");
                return true;
            case "failedFunction" when p.Length == 1:
                metric = new Metric(path, MetricKind.Text, true, c => c.Outcome is null ? null : c.Outcome.FailedFunction ?? "(none)");
                return true;
            case "leftState" when p.Length == 1:
                metric = new Metric(path, MetricKind.Bool, true, c => c.Outcome?.LeftState);
                return true;
            case "ramDelta" when p.Length == 1:
                metric = new Metric(path, MetricKind.SignedBytes, true, c => c.Outcome?.RamDeltaBytes);
                return true;
            case "stepWarnings" when p.Length == 1:
                metric = new Metric(path, MetricKind.Count, true, c => c.Outcome is null ? null : (ulong)c.Outcome.WarningCount);
                return true;
            case "systemRamFree" when p.Length == 1:
                metric = new Metric(path, MetricKind.Bytes, false, c => c.Machine.SystemRamFreeBytes);
                return true;
            case "systemRamUsed" when p.Length == 1:
                metric = new Metric(path, MetricKind.Bytes, false, c => c.Machine.SystemRamTotalBytes - c.Machine.SystemRamFreeBytes);
                return true;
            case "systemRamTotal" when p.Length == 1:
                metric = new Metric(path, MetricKind.Bytes, false, c => c.Machine.SystemRamTotalBytes);
                return true;
            case "systemMemory":
                return ResolveSystemMemory(path, p, devices, out metric, out error);
            case "devices" when p.Length == 1:
                metric = new Metric(path, MetricKind.Count, false, c => (ulong)c.Machine.Devices.Count);
                return true;
            case "invariants":
                return ResolveInvariants(path, p, out metric, out error);
            case "warnings" when p.Length == 2:
                metric = p[1] == TotalKey
                    ? new Metric(path, MetricKind.Count, false, c => (ulong)c.Machine.Warnings.Sum(w => w.Count))
                    : new Metric(path, MetricKind.Count, false, c => (ulong)c.Machine.Warnings.Where(w => w.Function == p[1]).Sum(w => w.Count));
                return true;
            case "allocations" when p.Length == 2 && p[1] == "failed":
                metric = new Metric(path, MetricKind.Count, false, c => (ulong)c.Machine.Allocations.Count(a => a.Failed));
                return true;
            case "usage":
                return ResolveUsage(path, p, devices, out metric, out error);
            case "altmap":
                return ResolveAltmap(path, p, devices, out metric, out error);
            case "mappings":
                return ResolveMappings(path, p, devices, out metric, out error);
            case "tables":
                return ResolveTables(path, p, out metric, out error);
            case "device":
                return ResolveDevice(path, p, devices, out metric, out error);
        }

        error = Roots.Contains(p[0])
            ? $"'{path}' is not a metric; see scenarios/README.md for the form of '{p[0]}' metrics"
            : $"unknown metric '{path}'; metrics start with one of: {string.Join(", ", Roots)}";
        return false;
    }

    private static bool ResolveInvariants(string path, string[] p, out Metric? metric, out Refusal? error)
    {
        error = null;
        if (p.Length == 1)
        {
            metric = new Metric(path, MetricKind.PassFail, false, c => c.Findings.Count == 0 ? "pass" : "fail");
            return true;
        }

        if (p.Length == 2)
        {
            string check = p[1];
            metric = check == "findings"
                ? new Metric(path, MetricKind.Count, false, c => (ulong)c.Findings.Count)
                : new Metric(path, MetricKind.Count, false, c => (ulong)c.Findings.Count(f => f.Check == check));
            return true;
        }

        metric = null;
        error = $"'{path}': use invariants, invariants.findings or invariants.<CheckName>";
        return false;
    }

    private static bool ResolveUsage(string path, string[] p, IReadOnlyCollection<string> devices, out Metric? metric, out Refusal? error)
    {
        metric = null;
        if (p.Length != 3)
        {
            error = $"'{path}': use usage.<device|total>.<field>";
            return false;
        }

        if (!CheckDevice(p[1], devices, allowed: TotalKey, out error))
        {
            return false;
        }

        foreach ((string name, Func<UsageRow, ulong> read) in UsageFields)
        {
            if (name == p[2])
            {
                string row = p[1] == TotalKey ? "(total)" : p[1];
                bool pages = name.EndsWith("Pages", StringComparison.Ordinal);

                // A device that is not registered (not added yet, or removed) owns nothing: it reads 0.
                metric = new Metric(path, pages ? MetricKind.Count : MetricKind.Bytes, false, c =>
                {
                    UsageRow? r = c.Usage.FirstOrDefault(u => SimNames.Same(u.Device, row));
                    return r is null ? 0UL : read(r);
                });
                return true;
            }
        }

        error = $"unknown usage field '{p[2]}'; use one of: {string.Join(", ", UsageFields.Select(f => f.Name))}";
        return false;
    }

    private static bool ResolveAltmap(string path, string[] p, IReadOnlyCollection<string> devices, out Metric? metric, out Refusal? error)
    {
        metric = null;
        if (p.Length != 3)
        {
            error = $"'{path}': use altmap.<device>.<field>";
            return false;
        }

        if (!CheckDevice(p[1], devices, allowed: null, out error))
        {
            return false;
        }

        string device = p[1];

        // Only a registered device can be asked for its altmap; one that was never added or was removed has none.
        Func<MetricContext, VmemAltmapInfo?> find = c => c.Machine.Devices.Any(d => SimNames.Same(d.Name, device)) ? c.Machine.GetAltmap(device) : null;
        if (p[2] == "present")
        {
            metric = new Metric(path, MetricKind.Bool, false, c => find(c) is not null);
            return true;
        }

        foreach ((string name, Func<VmemAltmapInfo, ulong> read) in AltmapFields)
        {
            if (name == p[2])
            {
                metric = new Metric(path, MetricKind.Count, false, c =>
                {
                    VmemAltmapInfo? a = find(c);
                    return a is null ? null : read(a);
                });
                return true;
            }
        }

        error = $"unknown altmap field '{p[2]}'; use present or one of: {string.Join(", ", AltmapFields.Select(f => f.Name))}";
        return false;
    }

    private static bool ResolveMappings(string path, string[] p, IReadOnlyCollection<string> devices, out Metric? metric, out Refusal? error)
    {
        metric = null;
        if (p.Length != 3)
        {
            error = $"'{path}': use mappings.<device|all|boot>.<pud|pmd|pte|bytes|fromAltmap|fromSystemRam|reused>";
            return false;
        }

        string owner = p[1];
        if (owner != BootKey && !CheckDevice(owner, devices, allowed: AllKey, out error))
        {
            return false;
        }

        Func<VmemmapMapping, bool> mine = owner == AllKey ? _ => true : owner == BootKey ? m => m.Device is null : m => SimNames.Same(m.Device, owner);
        string field = p[2];
        Func<MetricContext, object?>? read = field switch
        {
            "pud" or "pmd" or "pte" => c => Sum(c.Mappings.Where(m => mine(m) && string.Equals(m.LevelName, field, StringComparison.OrdinalIgnoreCase)), m => m.Entries),
            "bytes" => c => Sum(c.Mappings.Where(mine), m => m.Size),
            "fromAltmap" => c => Sum(c.Mappings.Where(m => mine(m) && m.Backing == AllocationSource.Altmap), m => m.Entries),
            "fromSystemRam" => c => Sum(c.Mappings.Where(m => mine(m) && m.Backing == AllocationSource.SystemRam), m => m.Entries),
            "reused" => c => Sum(c.Mappings.Where(m => mine(m) && m.ReusedPage), m => m.Entries),
            _ => null,
        };
        if (read is null)
        {
            error = $"unknown mappings field '{field}'; use pud, pmd, pte (leaf entries by level), bytes, fromAltmap, fromSystemRam or reused (PTEs mapping a shared tail page)";
            return false;
        }

        metric = new Metric(path, field == "bytes" ? MetricKind.Bytes : MetricKind.Count, false, read);
        error = null;
        return true;
    }

    private static bool ResolveTables(string path, string[] p, out Metric? metric, out Refusal? error)
    {
        metric = null;
        error = null;
        if (p.Length != 3 || (p[1] != "vmemmap" && p[1] != "linear" && p[1] != AllKey))
        {
            error = $"'{path}': use tables.<vmemmap|linear|all>.<{string.Join("|", LevelNames)}|total|bytes>";
            return false;
        }

        PageTableRegion? region = p[1] == "vmemmap" ? PageTableRegion.Vmemmap : p[1] == "linear" ? PageTableRegion.Linear : null;
        Func<TablePageInfo, bool> inRegion = t => region is null || t.Region == region;
        string field = p[2];
        if (field == "total")
        {
            metric = new Metric(path, MetricKind.Count, false, c => (ulong)c.Tables.Count(inRegion));
            return true;
        }

        if (field == "bytes")
        {
            metric = new Metric(path, MetricKind.Bytes, false, c => (ulong)c.Tables.Count(inRegion) * c.Machine.PageSize);
            return true;
        }

        if (LevelNames.Contains(field))
        {
            metric = new Metric(path, MetricKind.Count, false, c => (ulong)c.Tables.Count(t => inRegion(t) && string.Equals(t.LevelName, field, StringComparison.OrdinalIgnoreCase)));
            return true;
        }

        error = $"unknown table level '{field}'; use {string.Join(", ", LevelNames)}, total or bytes";
        return false;
    }

    private static bool ResolveDevice(string path, string[] p, IReadOnlyCollection<string> devices, out Metric? metric, out Refusal? error)
    {
        metric = null;
        if (p.Length != 3)
        {
            error = $"'{path}': use device.<device>.<field>";
            return false;
        }

        if (!CheckDevice(p[1], devices, allowed: null, out error))
        {
            return false;
        }

        string name = p[1];
        Func<MetricContext, DeviceMemory?> find = c => c.Machine.Devices.FirstOrDefault(d => SimNames.Same(d.Name, name));
        (MetricKind Kind, Func<MetricContext, object?> Read)? field = p[2] switch
        {
            "present" => (MetricKind.Bool, c => find(c) is not null),
            "usableBytes" => (MetricKind.Bytes, c => find(c)?.UsableBytes),
            "vmemmapBytes" => (MetricKind.Bytes, c => find(c)?.VmemmapBytes),
            "align" => (MetricKind.Bytes, c => find(c)?.Align),
            "start" => (MetricKind.Bytes, c => find(c)?.Start),
            "size" => (MetricKind.Bytes, c => find(c)?.Size),
            "memmapLocation" => (MetricKind.Text, c => find(c)?.MemmapLocation.ToString()),
            "mode" => (MetricKind.Text, c => find(c)?.Mode.ToString()),
            "systemRamStart" => (MetricKind.Bytes, c => find(c)?.SystemRamStart),
            "systemRamBytes" => (MetricKind.Bytes, c => find(c)?.SystemRamBytes),
            "memoryBlocks" => (MetricKind.Count, c => find(c)?.MemoryBlocks),
            "memmapOnMemoryBytes" => (MetricKind.Bytes, c => find(c)?.MemmapOnMemoryBytes),
            _ => null,
        };
        if (field is null)
        {
            error = $"unknown device field '{p[2]}'; use present, usableBytes, vmemmapBytes, align, start, size, memmapLocation, " +
                    "mode, systemRamStart, systemRamBytes, memoryBlocks or memmapOnMemoryBytes";
            return false;
        }

        metric = new Metric(path, field.Value.Kind, false, field.Value.Read);
        return true;
    }

    private static bool ResolveSystemMemory(string path, string[] p, IReadOnlyCollection<string> names, out Metric? metric, out Refusal? error)
    {
        metric = null;
        if (p.Length != 3)
        {
            error = $"'{path}': use systemMemory.<name>.<field>";
            return false;
        }

        if (!CheckDevice(p[1], names, allowed: null, out error))
        {
            return false;
        }

        string name = p[1];
        Func<MetricContext, SystemMemory?> find = c => c.Machine.SystemMemory.FirstOrDefault(s => SimNames.Same(s.Name, name));
        (MetricKind Kind, Func<MetricContext, object?> Read)? field = p[2] switch
        {
            "present" => (MetricKind.Bool, c => find(c) is not null),
            "start" => (MetricKind.Bytes, c => find(c)?.Start),
            "size" => (MetricKind.Bytes, c => find(c)?.Size),
            "memoryBlocks" => (MetricKind.Count, c => find(c)?.MemoryBlocks),
            "onlineBlocks" => (MetricKind.Count, c => find(c)?.OnlineBlocks),
            "movableBlocks" => (MetricKind.Count, c => find(c)?.MovableBlocks),
            "memmapOnMemory" => (MetricKind.Bool, c => find(c)?.MemmapOnMemory),
            "memmapOnMemoryBytes" => (MetricKind.Bytes, c => find(c)?.MemmapOnMemoryBytes),
            "managedBytes" => (MetricKind.Bytes, c => find(c)?.ManagedBytes),
            _ => null,
        };
        if (field is null)
        {
            error = $"unknown systemMemory field '{p[2]}'; use present, start, size, memoryBlocks, onlineBlocks, movableBlocks, " +
                    "memmapOnMemory, memmapOnMemoryBytes or managedBytes";
            return false;
        }

        metric = new Metric(path, field.Value.Kind, false, field.Value.Read);
        return true;
    }

    private static bool CheckDevice(string name, IReadOnlyCollection<string> devices, string? allowed, out Refusal? error)
    {
        error = null;
        if (name == allowed || devices.Contains(name, SimNames.Comparer))
        {
            return true;
        }

        error = new Refusal("DanglingDevice",
            $"no device named '{name}' in this scenario's devices" + (allowed is null ? string.Empty : $" (or use '{allowed}')"));
        return false;
    }

    private static ulong Sum<T>(IEnumerable<T> items, Func<T, ulong> value)
    {
        ulong total = 0;
        foreach (T item in items)
        {
            total += value(item);
        }

        return total;
    }
}
