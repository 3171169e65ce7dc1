using System;
using System.Globalization;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Units;

namespace VmemmapPS.Core.Scenarios.Expectations;

/// <summary>
/// An expected value as written in a scenario: exact by default ("64G", "ENOMEM", "true"), or for numbers an
/// operator ("&lt; 1G", "&lt;= 2M", "&gt; 0", "&gt;= 512") or an inclusive range ("1G..2G").
/// </summary>
internal sealed class Comparison
{
    private enum Op
    {
        Equal,
        Less,
        LessOrEqual,
        Greater,
        GreaterOrEqual,
        Range,
    }

    private readonly Op _op;
    private readonly decimal _low;
    private readonly decimal _high;
    private readonly string? _text;

    private Comparison(MetricKind kind, Op op, decimal low, decimal high, string? text)
    {
        Kind = kind;
        _op = op;
        _low = low;
        _high = high;
        _text = text;
    }

    public MetricKind Kind { get; }

    public static bool TryParse(string written, MetricKind kind, out Comparison? comparison, out string? error)
    {
        comparison = null;
        error = null;
        string s = written.Trim();
        switch (kind)
        {
            case MetricKind.Bool:
                if (s == "true" || s == "false")
                {
                    comparison = new Comparison(kind, Op.Equal, 0, 0, s);
                    return true;
                }

                error = $"expected true or false, not '{s}'";
                return false;
            case MetricKind.PassFail:
                if (s == "pass" || s == "fail")
                {
                    comparison = new Comparison(kind, Op.Equal, 0, 0, s);
                    return true;
                }

                error = $"expected pass or fail, not '{s}'";
                return false;
            case MetricKind.Errno:
                if (Errno.TryParse(s, out int errno))
                {
                    comparison = new Comparison(kind, Op.Equal, errno, errno, null);
                    return true;
                }

                error = $"expected an errno such as ENOMEM, -ENOMEM, -12 or 0, not '{s}'";
                return false;
            case MetricKind.Text:
                comparison = new Comparison(kind, Op.Equal, 0, 0, s);
                return true;
            default:
                return TryParseNumeric(s, kind, out comparison, out error);
        }
    }

    private static bool TryParseNumeric(string s, MetricKind kind, out Comparison? comparison, out string? error)
    {
        comparison = null;
        int range = s.IndexOf("..", StringComparison.Ordinal);
        if (range >= 0)
        {
            if (!TryNumber(s.Substring(0, range), kind, out decimal low, out error) ||
                !TryNumber(s.Substring(range + 2), kind, out decimal high, out error))
            {
                return false;
            }

            if (low > high)
            {
                error = $"range '{s}' is empty: its low end is above its high end";
                return false;
            }

            comparison = new Comparison(kind, Op.Range, low, high, null);
            return true;
        }

        Op op = Op.Equal;
        string rest = s;
        foreach ((string prefix, Op candidate) in new[] { ("<=", Op.LessOrEqual), (">=", Op.GreaterOrEqual), ("<", Op.Less), (">", Op.Greater), ("==", Op.Equal) })
        {
            if (s.StartsWith(prefix, StringComparison.Ordinal))
            {
                op = candidate;
                rest = s.Substring(prefix.Length);
                break;
            }
        }

        if (!TryNumber(rest, kind, out decimal value, out error))
        {
            return false;
        }

        comparison = new Comparison(kind, op, value, value, null);
        return true;
    }

    private static bool TryNumber(string text, MetricKind kind, out decimal value, out string? error)
    {
        value = 0;
        string s = text.Trim();
        bool signed = kind == MetricKind.SignedBytes || kind == MetricKind.SignedCount;
        bool negative = false;
        if (s.StartsWith("-", StringComparison.Ordinal))
        {
            if (!signed)
            {
                error = $"'{s}' is negative, and this value cannot be (only differences 'since' a label can)";
                return false;
            }

            negative = true;
            s = s.Substring(1);
        }

        bool bytes = kind == MetricKind.Bytes || kind == MetricKind.SignedBytes;
        if (bytes)
        {
            if (!ByteSize.TryParse(s, out ulong size, out string? why))
            {
                error = $"'{text.Trim()}' is not a size: {why}";
                return false;
            }

            value = negative ? -(decimal)size : size;
            error = null;
            return true;
        }

        if (!TryCount(s, out ulong count))
        {
            error = $"'{text.Trim()}' is not a whole number (decimal or 0x hex)";
            return false;
        }

        value = negative ? -(decimal)count : count;
        error = null;
        return true;
    }

    /// <summary>Decimal or 0x hex, underscores allowed as separators; no units (a count is not a size).</summary>
    internal static bool TryCount(string text, out ulong count)
    {
        string s = text.Trim().Replace("_", string.Empty);
        if (s.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return ulong.TryParse(s.Substring(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out count) && s.Length > 2;
        }

        return ulong.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out count);
    }

    /// <summary>Compare an actual value (as the metric read it) with the expectation.</summary>
    public bool Matches(object? actual)
    {
        if (actual is null)
        {
            return false;
        }

        switch (Kind)
        {
            case MetricKind.Bool:
                return actual is bool b && (b ? "true" : "false") == _text;
            case MetricKind.PassFail:
            case MetricKind.Text:
                return string.Equals(Convert.ToString(actual, CultureInfo.InvariantCulture), _text, StringComparison.Ordinal);
            case MetricKind.Errno:
                return actual is int errno && errno == _low;
            default:
                decimal v = Convert.ToDecimal(actual, CultureInfo.InvariantCulture);
                return _op switch
                {
                    Op.Equal => v == _low,
                    Op.Less => v < _low,
                    Op.LessOrEqual => v <= _low,
                    Op.Greater => v > _low,
                    Op.GreaterOrEqual => v >= _low,
                    _ => v >= _low && v <= _high,
                };
        }
    }
}
