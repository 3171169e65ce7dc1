using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using VmemmapPS.Core.Arch.Arm64;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Scenarios.Yaml;
using VmemmapPS.Core.Units;

namespace VmemmapPS.Core.Capture;

/// <summary>
/// Turns a host capture into a machine description: RAM per node, page size, VA_BITS, kernel release, rodata_full,
/// and the pmem namespaces and dax devices with their real starts and sizes. Anything the capture cannot tell is
/// either an error (nothing sensible to assume) or an assumption listed on the result, never a silent default.
/// </summary>
public static class HostImporter
{
    private static readonly char[] Blanks = { ' ', '\t' };

    /// <summary>Where RAM is put when the capture says how much but not where.</summary>
    private const ulong AssumedRamStart = VirtPlatform.DramBase;

    public static ImportedHost Import(HostCapture capture, string machineName)
    {
        var assumptions = new List<string>();
        var warnings = new List<string>();

        CheckArchitecture(capture);
        KernelConfig? config = capture.Get(CapturePiece.KernelConfig) is CaptureFile cf ? KernelConfig.Parse(cf) : null;
        string release = KernelRelease(capture);
        ulong pageSize = PageSize(capture, config, assumptions, warnings);
        int vaBits = VaBits(config, pageSize, assumptions);
        bool rodataFull = RodataFull(capture, config, assumptions);

        IReadOnlyList<IomemResource>? iomem = null;
        if (capture.Get(CapturePiece.Iomem) is CaptureFile io)
        {
            iomem = IomemParser.Parse(io);
            if (IomemParser.AddressesHidden(iomem))
            {
                warnings.Add($"{io.Source}: every address is zero (read without root): RAM comes from the memory blocks, and devices cannot be placed.");
                iomem = null;
            }
        }

        IReadOnlyList<MemoryBlock> blocks = capture.Get(CapturePiece.MemoryBlocks) is CaptureFile mb ? MemoryBlockTable.Parse(mb) : Array.Empty<MemoryBlock>();
        ulong? blockSize = capture.Get(CapturePiece.BlockSize) is CaptureFile bs ? MemoryBlockTable.ParseBlockSize(bs) : null;

        List<NodeConfig> nodes = RamNodes(capture, iomem, blocks, blockSize, pageSize, assumptions);
        var devices = new List<ImportedDevice>();
        Dictionary<string, ImportedKmem> kmem = KmemDaxDevices(capture, iomem, assumptions);
        Namespaces(capture, iomem, nodes, devices, kmem, assumptions, warnings);
        DaxDevices(capture, iomem, nodes, devices, kmem, warnings);
        NoteCxl(capture, warnings);

        var machine = new MachineConfig
        {
            Name = machineName,
            PageSize = pageSize,
            VaBits = vaBits,
            KernelVersion = release,
            RodataFull = rodataFull,
            Nodes = nodes,
        };
        return new ImportedHost(machine, capture.Get(CapturePiece.KernelRelease)!.Source, devices.OrderBy(d => d.Spec.Start).ToList(), assumptions, warnings);
    }

    private static void CheckArchitecture(HostCapture capture)
    {
        if (capture.Get(CapturePiece.Machine) is CaptureFile m && m.Value != "aarch64" && m.Value != "arm64")
        {
            throw CaptureFormat.Error(m, 1, $"the host is '{m.Value}'; VmemmapPS simulates arm64 (aarch64) kernels only.");
        }

        if (capture.Get(CapturePiece.KernelConfig) is CaptureFile c && KernelConfig.Parse(c) is KernelConfig kc && kc.Get("ARM64") != "y")
        {
            string arch = kc.Get("X86_64") == "y" ? "an x86_64" : "a non-arm64";
            throw CaptureFormat.Error(c, 0, $"this is {arch} kernel config (no CONFIG_ARM64=y); VmemmapPS simulates arm64 kernels only.");
        }
    }

    private static string KernelRelease(HostCapture capture) =>
        capture.Get(CapturePiece.KernelRelease) is CaptureFile r && r.Value.Length > 0
            ? r.Value
            : throw new SimException(FailureKind.InvalidCapture,
                $"The capture has no kernel release ({CaptureLayout.FileName(CapturePiece.KernelRelease)}, the output of 'uname -r'); give -KernelRelease.", null);

    private static ulong PageSize(HostCapture capture, KernelConfig? config, List<string> assumptions, List<string> warnings)
    {
        ulong? fromConfig = config is null ? null
            : config.IsEnabled("ARM64_64K_PAGES") ? 65536UL : config.IsEnabled("ARM64_16K_PAGES") ? 16384UL : config.IsEnabled("ARM64_4K_PAGES") ? 4096UL : null;
        if (capture.Get(CapturePiece.PageSize) is CaptureFile p)
        {
            if (!ulong.TryParse(p.Value, NumberStyles.None, CultureInfo.InvariantCulture, out ulong size) || size is not (4096 or 16384 or 65536))
            {
                throw CaptureFormat.Error(p, 1, $"'{p.Value}' is not an arm64 page size (4096, 16384 or 65536).");
            }

            if (fromConfig is ulong c && c != size)
            {
                warnings.Add($"{p.Source} says {size} bytes but {config!.Source} says {c}; the running kernel's page size ({size}) is used.");
            }

            return size;
        }

        if (fromConfig is ulong fromKconfig)
        {
            return fromKconfig;
        }

        assumptions.Add("Page size: 4K (the capture has neither getconf PAGESIZE nor a kernel config).");
        return 4096;
    }

    private static int VaBits(KernelConfig? config, ulong pageSize, List<string> assumptions)
    {
        if (config?.Get("ARM64_VA_BITS") is string v && int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out int bits))
        {
            return bits;
        }

        assumptions.Add($"VA_BITS: the Kconfig default for {ByteSize.Format(pageSize)} pages (the capture has no CONFIG_ARM64_VA_BITS).");
        return 0;
    }

    private static bool RodataFull(HostCapture capture, KernelConfig? config, List<string> assumptions)
    {
        KernelCmdline? cmdline = capture.Get(CapturePiece.Cmdline) is CaptureFile c ? new KernelCmdline(c.Text) : null;
        if (cmdline?.Get("debug_pagealloc") is "on" or "1")
        {
            // can_set_direct_map() is also true with debug_pagealloc: the linear map is page granular either way.
            return true;
        }

        switch (cmdline?.Get("rodata"))
        {
            case "full":
                return true;
            case "off":
            case "noalias":
                return false;
            case "on":
                assumptions.Add("rodata=on: taken as rodata_full, as releases that also accept rodata=noalias read it; older arm64 releases read it as not full.");
                return true;
        }

        if (config is not null)
        {
            return config.IsEnabled("RODATA_FULL_DEFAULT_ENABLED");
        }

        assumptions.Add("rodata_full: on (arm64's CONFIG_RODATA_FULL_DEFAULT_ENABLED default; the capture has no kernel config and no rodata= parameter).");
        return true;
    }

    private static List<NodeConfig> RamNodes(HostCapture capture, IReadOnlyList<IomemResource>? iomem, IReadOnlyList<MemoryBlock> blocks,
        ulong? blockSize, ulong pageSize, List<string> assumptions)
    {
        List<(ulong Start, ulong End)> ranges;
        if (iomem is not null)
        {
            ranges = Merge(iomem.Where(r => r.Depth == 0 && r.Name == "System RAM").Select(r => (r.Start, r.End + 1)));
        }
        else if (blocks.Count > 0 && blockSize is ulong bsize)
        {
            ranges = Merge(blocks.Where(b => b.Online).Select(b => (b.Index * bsize, (b.Index + 1) * bsize)));
            assumptions.Add($"RAM: rebuilt from the online memory blocks ({ByteSize.Format(bsize)} each), as /proc/iomem had no addresses; holes inside a block and hot-added blocks are not told apart.");
        }
        else if (capture.Get(CapturePiece.Meminfo) is CaptureFile mi && MemTotal(mi) is ulong total)
        {
            ulong size = total / pageSize * pageSize;
            ranges = new List<(ulong, ulong)> { (AssumedRamStart, AssumedRamStart + size) };
            assumptions.Add($"RAM: one range of MemTotal ({ByteSize.Format(size)}) at 0x{AssumedRamStart:X} on node 0; the capture says how much RAM there is but not where.");
        }
        else
        {
            throw new SimException(FailureKind.InvalidCapture,
                "The capture does not say where RAM is: it needs /proc/iomem (as root), the memory blocks with block_size_bytes, or /proc/meminfo.", null);
        }

        var nodes = new SortedDictionary<int, NodeConfig>();
        foreach ((ulong start, ulong end) in ranges)
        {
            ulong s = KernelAlign.Up(start, pageSize), e = KernelAlign.Down(end, pageSize);
            if (e <= s)
            {
                continue;
            }

            foreach ((ulong ps, ulong pe, int node) in SplitByNode(s, e, blocks, blockSize, assumptions))
            {
                if (!nodes.TryGetValue(node, out NodeConfig? n))
                {
                    nodes[node] = n = new NodeConfig { Id = node };
                }

                n.Ram.Add(new RamRange(ps, pe - ps));
            }
        }

        return nodes.Values.ToList();
    }

    /// <summary>Splits [start, end) where the memory blocks change node; node 0 where the capture names none.</summary>
    private static IEnumerable<(ulong Start, ulong End, int Node)> SplitByNode(ulong start, ulong end, IReadOnlyList<MemoryBlock> blocks,
        ulong? blockSize, List<string> assumptions)
    {
        if (blockSize is not ulong bsize || blocks.All(b => b.Node is null))
        {
            if (!assumptions.Any(a => a.StartsWith("NUMA", StringComparison.Ordinal)))
            {
                assumptions.Add("NUMA: all RAM on node 0 (the capture has no memory blocks with node links).");
            }

            yield return (start, end, 0);
            yield break;
        }

        var nodeOfBlock = blocks.Where(b => b.Node is not null).ToDictionary(b => b.Index, b => b.Node!.Value);
        ulong cursor = start;
        int current = NodeAt(start);
        for (ulong boundary = (start / bsize + 1) * bsize; boundary < end; boundary += bsize)
        {
            int node = NodeAt(boundary);
            if (node != current)
            {
                yield return (cursor, boundary, current);
                cursor = boundary;
                current = node;
            }
        }

        yield return (cursor, end, current);

        int NodeAt(ulong addr) => nodeOfBlock.TryGetValue(addr / bsize, out int n) ? n : 0;
    }

    private static void Namespaces(HostCapture capture, IReadOnlyList<IomemResource>? iomem, List<NodeConfig> nodes, List<ImportedDevice> devices,
        Dictionary<string, ImportedKmem> kmem, List<string> assumptions, List<string> warnings)
    {
        if (capture.Get(CapturePiece.NdctlList) is not CaptureFile file)
        {
            return;
        }

        YNode root = JsonListReader.Read(file);
        foreach (YMap ns in JsonListReader.ObjectsWith(root, "dev", "mode"))
        {
            string dev = JsonListReader.Text(ns, "dev") ?? string.Empty;
            string mode = JsonListReader.Text(ns, "mode") ?? string.Empty;
            if (!dev.StartsWith("namespace", StringComparison.Ordinal))
            {
                continue;
            }

            if (mode is not ("fsdax" or "devdax"))
            {
                warnings.Add($"{file.Source}:{ns.Mark.Line}: {dev} is in {mode} mode, which has no struct pages; not imported.");
                continue;
            }

            if (JsonListReader.Text(ns, "state") == "disabled")
            {
                warnings.Add($"{file.Source}:{ns.Mark.Line}: {dev} is disabled; not imported.");
                continue;
            }

            ImportedKmem? toKmem = JsonListReader.Text(ns, "chardev") is string chardev && kmem.TryGetValue(chardev, out ImportedKmem? k) ? k : null;
            IomemResource? res = iomem?.FirstOrDefault(r => r.Name == dev);
            if (res is null)
            {
                warnings.Add($"{file.Source}:{ns.Mark.Line}: {dev}'s physical start is unknown ("
                    + (iomem is null ? "no /proc/iomem with addresses" : "no such resource in /proc/iomem") + "); not imported.");
                continue;
            }

            bool infoBlock = ns.Get("uuid") is not null || ns.Get("align") is not null;
            DeviceType type = mode == "devdax" ? DeviceType.DevDax : infoBlock ? DeviceType.FsDax : DeviceType.Generic;
            if (type == DeviceType.Generic)
            {
                assumptions.Add($"{dev}: fsdax without a PFN info block (a raw namespace in memory mode); simulated as driver memory with its memmap in RAM.");
            }

            devices.Add(new ImportedDevice(new DeviceSpec
            {
                Name = dev,
                Type = type,
                Start = res.Start,
                Size = res.Size,
                Node = NodeOf(ns, file, nodes, dev, assumptions),
                Altmap = JsonListReader.Text(ns, "map") == "dev",
                Align = JsonListReader.Number(file, ns, "align"),
            }, JsonListReader.Number(file, ns, "size"), file.Source, toKmem));
        }
    }

    private static void DaxDevices(HostCapture capture, IReadOnlyList<IomemResource>? iomem, List<NodeConfig> nodes, List<ImportedDevice> devices,
        Dictionary<string, ImportedKmem> kmem, List<string> warnings)
    {
        if (capture.Get(CapturePiece.DaxctlList) is not CaptureFile file)
        {
            return;
        }

        YNode root = JsonListReader.Read(file);
        foreach (YMap dax in JsonListReader.ObjectsWith(root, "chardev"))
        {
            string name = JsonListReader.Text(dax, "chardev") ?? string.Empty;

            // A dax device carved from an nvdimm namespace is already imported as that namespace.
            IomemResource? res = iomem?.FirstOrDefault(r => r.Name == name);
            if (res is not null && iomem!.Any(r => r.Name.StartsWith("namespace", StringComparison.Ordinal) && r.Start <= res.Start && res.End <= r.End)
                && devices.Any(d => d.Spec.Start <= res.Start && res.End < d.Spec.Start + d.Spec.Size))
            {
                continue;
            }

            List<YMap> mappings = JsonListReader.ObjectsWith(dax, "start", "size");
            if (mappings.Count != 1)
            {
                warnings.Add($"{file.Source}:{dax.Mark.Line}: {name} has {mappings.Count} mappings; only a dax device of one range is imported (daxctl list -M gives them).");
                continue;
            }

            ulong start = JsonListReader.Number(file, mappings[0], "start") ?? 0;
            ulong size = JsonListReader.Number(file, mappings[0], "size") ?? 0;
            int node = (int)(JsonListReader.Number(file, dax, "target_node") ?? 0);
            if (nodes.All(n => n.Id != node))
            {
                nodes.Add(new NodeConfig { Id = node });
            }

            devices.Add(new ImportedDevice(new DeviceSpec
            {
                Name = name,
                Type = DeviceType.Generic,
                Start = start,
                Size = size,
                Node = node,
                Align = JsonListReader.Number(file, dax, "align"),
            }, JsonListReader.Number(file, dax, "size"), file.Source, kmem.TryGetValue(name, out ImportedKmem? k) ? k : null));
        }
    }

    /// <summary>
    /// The dax devices daxctl reports in system-ram mode (handed to kmem), with how their blocks are online and
    /// whether their memmap is on the memory: the dax device's memmap_on_memory attribute, which kmem reads (v6.8+).
    /// </summary>
    private static Dictionary<string, ImportedKmem> KmemDaxDevices(HostCapture capture, IReadOnlyList<IomemResource>? iomem, List<string> assumptions)
    {
        var found = new Dictionary<string, ImportedKmem>(StringComparer.Ordinal);
        if (capture.Get(CapturePiece.DaxctlList) is not CaptureFile file)
        {
            return found;
        }

        Dictionary<string, string> attribute = DaxAttributes(capture);
        foreach (YMap dax in JsonListReader.ObjectsWith(JsonListReader.Read(file), "chardev", "mode"))
        {
            if (JsonListReader.Text(dax, "mode") != "system-ram" || JsonListReader.Text(dax, "chardev") is not string name)
            {
                continue;
            }

            bool memmapOnMemory = false;
            if (attribute.TryGetValue(name, out string? value) && value != "-")
            {
                memmapOnMemory = value is "1" or "Y" or "y";
            }
            else
            {
                assumptions.Add($"{name}: memmap taken from RAM (the capture has no memmap_on_memory attribute for it; kmem passes MHP_MEMMAP_ON_MEMORY only when it is set).");
            }

            ulong online = JsonListReader.Number(file, dax, "online_memblocks") ?? 0;
            bool movable = JsonListReader.Text(dax, "movable") == "true";
            OnlineType type = online == 0 ? OnlineType.None : movable ? OnlineType.Movable : OnlineType.Kernel;
            IomemResource? ram = null;
            if (iomem?.FirstOrDefault(r => r.Name == name) is IomemResource parent)
            {
                ram = iomem.FirstOrDefault(r => r.Name == "System RAM (kmem)" && r.Depth == parent.Depth + 1 && r.Start >= parent.Start && r.End <= parent.End);
            }

            found[name] = new ImportedKmem(memmapOnMemory, type, ram?.Start, ram?.Size);
        }

        return found;
    }

    /// <summary>dax-devices.tsv: device, memmap_on_memory, driver.</summary>
    private static Dictionary<string, string> DaxAttributes(HostCapture capture)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (capture.Get(CapturePiece.DaxDevices) is CaptureFile tsv)
        {
            string[] lines = tsv.Text.Replace("\r\n", "\n").Split('\n');
            for (int i = 1; i < lines.Length; i++)
            {
                string[] f = lines[i].Split('\t');
                if (f.Length >= 2 && f[0].Length > 0)
                {
                    values[f[0]] = f[1].Trim();
                }
            }
        }

        return values;
    }

    private static void NoteCxl(HostCapture capture, List<string> warnings)
    {
        if (capture.Get(CapturePiece.CxlList) is not CaptureFile file)
        {
            return;
        }

        foreach (YMap region in JsonListReader.ObjectsWith(JsonListReader.Read(file), "region", "size"))
        {
            warnings.Add($"{file.Source}:{region.Mark.Line}: CXL {JsonListReader.Text(region, "region")} ({JsonListReader.Text(region, "type") ?? "unknown type"}) "
                + "is imported only through the dax device or namespace it is exposed as.");
        }
    }

    private static int NodeOf(YMap ns, CaptureFile file, List<NodeConfig> nodes, string dev, List<string> assumptions)
    {
        ulong? numa = JsonListReader.Number(file, ns, "numa_node");
        if (numa is ulong n && nodes.Any(x => x.Id == (int)n))
        {
            return (int)n;
        }

        assumptions.Add($"{dev}: node {nodes[0].Id} (" + (numa is null ? "ndctl printed no numa_node; capture with -v for it" : $"node {numa} has no RAM in the capture") + ").");
        return nodes[0].Id;
    }

    private static ulong? MemTotal(CaptureFile meminfo)
    {
        foreach (string line in meminfo.Text.Split('\n'))
        {
            string[] f = line.Split(Blanks, StringSplitOptions.RemoveEmptyEntries);
            if (f.Length >= 2 && f[0] == "MemTotal:" && ulong.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out ulong kb))
            {
                return kb * 1024;
            }
        }

        return null;
    }

    private static List<(ulong Start, ulong End)> Merge(IEnumerable<(ulong Start, ulong End)> ranges)
    {
        var merged = new List<(ulong Start, ulong End)>();
        foreach ((ulong s, ulong e) in ranges.OrderBy(r => r.Start))
        {
            if (merged.Count > 0 && merged[merged.Count - 1].End >= s)
            {
                merged[merged.Count - 1] = (merged[merged.Count - 1].Start, Math.Max(merged[merged.Count - 1].End, e));
            }
            else
            {
                merged.Add((s, e));
            }
        }

        return merged;
    }
}
