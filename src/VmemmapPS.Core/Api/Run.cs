namespace VmemmapPS.Core;

/// <summary>Consecutive items that say the same thing (same key), with how many there are and the address range
/// they cover. One failed add can leave a finding per section and one add a warning per section; a run per kind
/// keeps what the user reads proportional to what happened, not to the size of the range.</summary>
public sealed class Run<T>
{
    public T First { get; init; } = default!;

    public long Count { get; init; }

    public ulong FirstAddress { get; init; }

    public ulong LastAddress { get; init; }
}
