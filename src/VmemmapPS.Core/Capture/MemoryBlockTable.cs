using System;
using System.Collections.Generic;
using System.Globalization;

namespace VmemmapPS.Core.Capture;

/// <summary>Reads memory-blocks.tsv (written by the capture script from /sys/devices/system/memory).</summary>
public static class MemoryBlockTable
{
    public static IReadOnlyList<MemoryBlock> Parse(CaptureFile file)
    {
        var blocks = new List<MemoryBlock>();
        string[] lines = file.Text.Replace("\r\n", "\n").Split('\n');
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length == 0)
            {
                continue;
            }

            string[] f = lines[i].Split('\t');
            if (f.Length < 6 || !ulong.TryParse(f[1], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong index))
            {
                throw CaptureFormat.Error(file, i + 1, "expected: block, phys_index (hex), state, valid_zones, phys_device, node.");
            }

            int? node = int.TryParse(f[5], NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : null;
            blocks.Add(new MemoryBlock(f[0], index, f[2], f[3], node));
        }

        blocks.Sort((a, b) => a.Index.CompareTo(b.Index));
        return blocks;
    }

    /// <summary>block_size_bytes: hexadecimal without 0x, as memory_block_size_bytes is printed.</summary>
    public static ulong ParseBlockSize(CaptureFile file)
    {
        string v = file.Value;
        if (v.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            v = v.Substring(2);
        }

        if (!ulong.TryParse(v, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong size) || size == 0 || (size & (size - 1)) != 0)
        {
            throw CaptureFormat.Error(file, 1, $"'{file.Value}' is not a memory block size (hexadecimal power of two).");
        }

        return size;
    }
}
