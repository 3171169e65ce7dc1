using System;
using System.Collections.Generic;

namespace VmemmapPS.Core;

public static class Runs
{
    /// <summary>Groups consecutive items with equal keys (ordinal), keeping their order. <paramref name="weight"/>
    /// says how many occurrences one item stands for (a warning record that the log stored with a count).</summary>
    public static List<Run<T>> Consecutive<T>(IEnumerable<T> items, Func<T, string> key, Func<T, ulong> address, Func<T, long>? weight = null)
    {
        var runs = new List<Run<T>>();
        T first = default!;
        string? currentKey = null;
        long count = 0;
        ulong low = 0, high = 0;
        foreach (T item in items)
        {
            string k = key(item);
            ulong a = address(item);
            if (count > 0 && string.Equals(k, currentKey, StringComparison.Ordinal))
            {
                count += weight?.Invoke(item) ?? 1;
                low = Math.Min(low, a);
                high = Math.Max(high, a);
                continue;
            }

            if (count > 0)
            {
                runs.Add(new Run<T> { First = first, Count = count, FirstAddress = low, LastAddress = high });
            }

            first = item;
            currentKey = k;
            count = weight?.Invoke(item) ?? 1;
            low = high = a;
        }

        if (count > 0)
        {
            runs.Add(new Run<T> { First = first, Count = count, FirstAddress = low, LastAddress = high });
        }

        return runs;
    }
}
