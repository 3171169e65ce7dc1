using System.Collections.Generic;
using System.Linq;
using VmemmapPS.Core.Scenarios.Yaml;
using VmemmapPS.Core.Sim;

namespace VmemmapPS.Core.Scenarios.Binding;

/// <summary>
/// Replaces one value of a scenario's YAML tree, addressed by a path: name, machine.pageSize,
/// devices.pmem0.size, devices.pmem0.altmap.freePages. Used by -Set and by sweeps; the result is validated by
/// binding it again, so a bad value gets the same checks (and a position pointing at the override).
/// </summary>
internal static class ScenarioOverrides
{
    public static bool TryApply(YMap root, string path, YScalar value, NodeReader r)
    {
        string[] parts = path.Split('.');
        if (parts.Any(p => p.Length == 0))
        {
            r.Error(value, "BadOverride", $"'{path}' is not a path; write it like machine.pageSize or devices.pmem0.size");
            return false;
        }

        switch (parts[0])
        {
            case "name" when parts.Length == 1:
            case "description" when parts.Length == 1:
                root.Set(Key(parts[0], value), value);
                return true;
            case "machine" when parts.Length >= 2:
                SetIn(root, parts, 0, value);
                return true;
            case "devices" when parts.Length >= 3:
                return SetInDevice(root, parts, value, r);
            default:
                r.Error(value, "BadOverride", $"'{path}' cannot be set; paths are name, machine.<key> or devices.<name>.<key>");
                return false;
        }
    }

    /// <summary>The node at a path (the same paths -Set takes), or null when the file does not set it.</summary>
    public static YNode? Find(YMap root, string path)
    {
        string[] parts = path.Split('.');
        YNode? current = root;
        int from = 0;
        if (parts[0] == "devices" && parts.Length >= 3)
        {
            current = DeviceAt(root, parts, out from);
        }

        for (int i = from; i < parts.Length && current is not null; i++)
        {
            current = (current as YMap)?.Get(parts[i]);
        }

        return current;
    }

    /// <summary>The device a devices.&lt;name&gt;.&lt;key&gt; path names. A name may contain dots (dax0.0), so the
    /// longest leading run of parts that names a declared device wins; <paramref name="keyFrom"/> is where the key starts.</summary>
    private static YMap? DeviceAt(YMap root, string[] parts, out int keyFrom)
    {
        List<YMap> devices = (root.Get("devices") as YSeq)?.Items.OfType<YMap>().ToList() ?? new List<YMap>();
        for (int end = parts.Length - 1; end >= 2; end--)
        {
            string name = string.Join(".", parts, 1, end - 1);
            YMap? device = devices.FirstOrDefault(d => d.Get("name") is YScalar n && SimNames.Same(n.Text, name));
            if (device is not null)
            {
                keyFrom = end;
                return device;
            }
        }

        keyFrom = 2;
        return null;
    }

    private static bool SetInDevice(YMap root, string[] parts, YScalar value, NodeReader r)
    {
        YMap? device = DeviceAt(root, parts, out int keyFrom);
        if (device is null)
        {
            r.Error(value, "DanglingDevice", $"'{string.Join(".", parts)}': no device named '{parts[1]}' in this scenario's devices");
            return false;
        }

        SetIn(device, parts, keyFrom, value);
        return true;
    }

    // Walks parts[from..] creating mappings as needed; a key that does not exist is added and then refused by the
    // binder as an unknown key, pointing at the override.
    private static void SetIn(YMap map, string[] parts, int from, YScalar value)
    {
        YMap current = map;
        for (int i = from; i < parts.Length - 1; i++)
        {
            if (current.Get(parts[i]) is not YMap next)
            {
                next = new YMap(value.Mark);
                current.Set(Key(parts[i], value), next);
            }

            current = next;
        }

        current.Set(Key(parts[parts.Length - 1], value), value);
    }

    private static YScalar Key(string text, YScalar at) => new(text, false, at.Mark);
}
