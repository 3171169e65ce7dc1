using System;
using System.Collections;
using System.Linq;
using System.Globalization;
using System.Management.Automation;
using VmemmapPS.Core.Units;

namespace VmemmapPS.Arguments;

/// <summary>
/// Lets size and address parameters take what users type: 64GB (a long), 0x8000000000, '64G', '64GiB',
/// '0x1000_0000' and ulong values. Negative numbers are refused with the reason they usually appear: pwsh reads
/// 8- and 16-digit hex literals with the high bit set as negative Int32/Int64 values.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ByteSizeTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        object? value = inputData is PSObject pso ? pso.BaseObject : inputData;
        if (value is IList list && value is not string)
        {
            // For ulong[] parameters (New-SimMachine -NodeMemory, Measure-Vmemmap -Size 64GB,1TB).
            return list.Cast<object?>().Select(item => TransformOne(item)).ToArray();
        }

        return TransformOne(value);
    }

    private static object? TransformOne(object? inputData)
    {
        object? value = inputData is PSObject pso ? pso.BaseObject : inputData;
        return value switch
        {
            null => null,
            ulong u => u,
            uint u => (ulong)u,
            ushort u => (ulong)u,
            byte u => (ulong)u,
            int i => FromSigned(i, ((uint)i).ToString("X", CultureInfo.InvariantCulture), "Int32"),
            long l => FromSigned(l, ((ulong)l).ToString("X", CultureInfo.InvariantCulture), "Int64"),
            short s => FromSigned(s, ((ushort)s).ToString("X", CultureInfo.InvariantCulture), "Int16"),
            sbyte s => FromSigned(s, ((byte)s).ToString("X", CultureInfo.InvariantCulture), "SByte"),
            double d => FromFractional((decimal)d, d.ToString(CultureInfo.InvariantCulture)),
            float f => FromFractional((decimal)f, f.ToString(CultureInfo.InvariantCulture)),
            decimal m => FromFractional(m, m.ToString(CultureInfo.InvariantCulture)),
            string text => FromString(text),
            _ => value,
        };
    }

    private static ulong FromSigned(long value, string bitsAsHex, string typeName)
    {
        if (value >= 0)
        {
            return (ulong)value;
        }

        throw new ArgumentTransformationMetadataException(
            $"{value} is negative; sizes and addresses cannot be. If you typed the hex literal 0x{bitsAsHex}, PowerShell "
            + $"read it as a negative {typeName} because its high bit is set (0x{bitsAsHex} is {value}). "
            + $"Write 0x{bitsAsHex}u, a size such as 2GB, or the string '0x{bitsAsHex}' instead.");
    }

    private static ulong FromFractional(decimal value, string text)
    {
        if (value < 0)
        {
            throw new ArgumentTransformationMetadataException($"{text} is negative; sizes and addresses cannot be.");
        }

        if (value != decimal.Truncate(value) || value > ulong.MaxValue)
        {
            throw new ArgumentTransformationMetadataException($"{text} is not a whole number of bytes that fits in 64 bits.");
        }

        return (ulong)value;
    }

    private static ulong FromString(string text)
    {
        if (ByteSize.TryParse(text, out ulong value, out string? why))
        {
            return value;
        }

        throw new ArgumentTransformationMetadataException(
            $"'{text}' is not a size or address: {why}. Examples: 64GB, '64G', '64GiB', '0x8000000000'.");
    }
}
