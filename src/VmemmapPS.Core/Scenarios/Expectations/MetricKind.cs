namespace VmemmapPS.Core.Scenarios.Expectations;

/// <summary>What a metric's values are, which decides how an expected value is written and compared.</summary>
internal enum MetricKind
{
    /// <summary>Bytes: 64G, 2M, 0x8000000000, 4096. Operators and ranges allowed.</summary>
    Bytes,
    /// <summary>Signed bytes (deltas): -2M, 0, 64G.</summary>
    SignedBytes,
    /// <summary>Whole number of things (entries, pages, pfns): 512, 0x200, 1_000.</summary>
    Count,
    /// <summary>Signed count (deltas).</summary>
    SignedCount,
    /// <summary>true / false.</summary>
    Bool,
    /// <summary>ENOMEM, -12, 0.</summary>
    Errno,
    /// <summary>Exact text (error ids, function names, memmap location).</summary>
    Text,
    /// <summary>pass / fail (the invariant checker).</summary>
    PassFail,
}
