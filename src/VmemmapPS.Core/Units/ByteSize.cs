using System;
using System.Globalization;
using VmemmapPS.Core.Errors;

namespace VmemmapPS.Core.Units;

/// <summary>
/// Parses and renders byte sizes and physical addresses the way users write them: 64G, 64GiB, 2M,
/// 0x8000000000, 0x1000_0000, plain integers. Binary (1024-based) units, as pwsh's KB/MB/GB literals.
/// </summary>
public static class ByteSize
{
    public const ulong KiB = 1UL << 10;
    public const ulong MiB = 1UL << 20;
    public const ulong GiB = 1UL << 30;
    public const ulong TiB = 1UL << 40;
    public const ulong PiB = 1UL << 50;

    /// <summary>Parse a size or address string; throws <see cref="SimException"/> (InvalidSize) naming the input.</summary>
    public static ulong Parse(string text)
    {
        if (TryParse(text, out ulong value, out string? why))
        {
            return value;
        }

        throw new SimException(FailureKind.InvalidSize, $"'{text}' is not a valid size or address: {why}", text);
    }

    public static bool TryParse(string? text, out ulong value, out string? error)
    {
        value = 0;
        error = null;
        if (text is null || text.Trim().Length == 0)
        {
            error = "it is empty";
            return false;
        }

        string s = text.Trim().Replace("_", string.Empty);
        if (s.StartsWith("-", StringComparison.Ordinal))
        {
            error = "sizes and addresses cannot be negative";
            return false;
        }

        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            string hex = s.Substring(2);
            if (hex.Length == 0 || !ulong.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value))
            {
                error = "expected hexadecimal digits after 0x that fit in 64 bits";
                return false;
            }

            return true;
        }

        int split = 0;
        while (split < s.Length && char.IsDigit(s[split]))
        {
            split++;
        }

        if (split == 0)
        {
            error = "expected a number, optionally followed by K, M, G, T or P (KiB..PiB, KB..PB)";
            return false;
        }

        if (!ulong.TryParse(s.Substring(0, split), NumberStyles.None, CultureInfo.InvariantCulture, out ulong number))
        {
            error = "the number does not fit in 64 bits";
            return false;
        }

        string unit = s.Substring(split).Trim();
        if (!TryUnitMultiplier(unit, out ulong multiplier))
        {
            error = $"unknown unit '{unit}'; use K, M, G, T or P (or KiB..PiB, KB..PB, all 1024-based)";
            return false;
        }

        if (number != 0 && multiplier > ulong.MaxValue / number)
        {
            error = "the size does not fit in 64 bits";
            return false;
        }

        value = number * multiplier;
        return true;
    }

    private static bool TryUnitMultiplier(string unit, out ulong multiplier)
    {
        switch (unit.ToUpperInvariant())
        {
            case "":
            case "B":
                multiplier = 1;
                return true;
            case "K":
            case "KB":
            case "KIB":
                multiplier = KiB;
                return true;
            case "M":
            case "MB":
            case "MIB":
                multiplier = MiB;
                return true;
            case "G":
            case "GB":
            case "GIB":
                multiplier = GiB;
                return true;
            case "T":
            case "TB":
            case "TIB":
                multiplier = TiB;
                return true;
            case "P":
            case "PB":
            case "PIB":
                multiplier = PiB;
                return true;
            default:
                multiplier = 0;
                return false;
        }
    }

    /// <summary>Render with the largest binary unit that divides exactly, else two decimals ("64 GiB", "1.50 MiB").</summary>
    public static string Format(ulong bytes)
    {
        string[] units = { "B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
        int i = 0;
        ulong whole = bytes;
        while (i < units.Length - 1 && whole >= 1024 && whole % 1024 == 0)
        {
            whole /= 1024;
            i++;
        }

        if (whole < 1024 || i == units.Length - 1)
        {
            return whole.ToString(CultureInfo.InvariantCulture) + " " + units[i];
        }

        double d = bytes;
        int j = 0;
        while (j < units.Length - 1 && d >= 1024)
        {
            d /= 1024;
            j++;
        }

        return d.ToString("0.00", CultureInfo.InvariantCulture) + " " + units[j];
    }

    /// <summary>Compact size for scenario files: "64G", "2M", or hex when no unit divides it.</summary>
    public static string FormatCompact(ulong bytes)
    {
        string[] units = { "", "K", "M", "G", "T", "P" };
        if (bytes == 0)
        {
            return "0";
        }

        int i = 0;
        ulong whole = bytes;
        while (i < units.Length - 1 && whole % 1024 == 0)
        {
            whole /= 1024;
            i++;
        }

        return i == 0 ? Hex(bytes) : whole.ToString(CultureInfo.InvariantCulture) + units[i];
    }

    public static string Hex(ulong value) => "0x" + value.ToString("X", CultureInfo.InvariantCulture);
}
