using System.Collections.Generic;
using System.Linq;
using VmemmapPS.Core.Scenarios.Yaml;

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
        for (int i = 0; i < parts.Length && current is not null; i++)
        {
            if (current is YSeq seq && i > 0 && parts[i - 1] == "devices")
            {
                current = seq.Items.OfType<YMap>().FirstOrDefault(d => d.Get("name") is YScalar n && n.Text == parts[i]);
                continue;
            }

            current = (current as YMap)?.Get(parts[i]);
        }

        return current;
    }

    private static bool SetInDevice(YMap root, string[] parts, YScalar value, NodeReader r)
    {
        YMap? device = (root.Get("devices") as YSeq)?.Items.OfType<YMap>()
            .FirstOrDefault(d => d.Get("name") is YScalar n && n.Text == parts[1]);
        if (device is null)
        {
            r.Error(value, "DanglingDevice", $"'{string.Join(".", parts)}': no device named '{parts[1]}' in this scenario's devices");
            return false;
        }

        SetIn(device, parts, 2, value);
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
