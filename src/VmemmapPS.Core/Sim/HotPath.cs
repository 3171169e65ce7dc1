using System.Runtime.CompilerServices;

namespace VmemmapPS.Core.Sim;

/// <summary>
/// MethodImplOptions.AggressiveOptimization (512; netstandard2.0 lacks the name): the inner loops of populate and
/// teardown are JIT-compiled fully optimised on first use, so a single large hot-add does not run in tier-0 code.
/// </summary>
internal static class HotPath
{
    public const MethodImplOptions Options = (MethodImplOptions)512;
}
