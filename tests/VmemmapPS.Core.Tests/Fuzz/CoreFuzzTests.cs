using CsCheck;
using Xunit;

namespace VmemmapPS.Core.Tests.Fuzz;

/// <summary>
/// Property-based tests over random machines and add/remove/removeVmemmap/fault sequences (see <see cref="FuzzRunner"/>
/// for the properties). A fixed seed keeps the suite deterministic; CsCheck shrinks a failing case to a minimal one
/// and prints the seed that reproduces it. The budget keeps this part of CI well under a minute.
/// </summary>
public class CoreFuzzTests
{
    /// <summary>The fixed seed of the suite (CsCheck's text form of a PCG state).</summary>
    public static readonly string Seed = new PCG(8, 20261201).ToString();

    public const int Iterations = 120;

    [Fact]
    public void RandomSequences_KeepTheContract() =>
        FuzzGen.Case.Sample(c => { FuzzRunner.Run(c); }, seed: Seed, iter: Iterations, threads: 1, print: c => c.ToString());

    [Fact]
    public void RandomSequences_AreDeterministic() =>
        FuzzGen.Case.Sample(c => FuzzRunner.Run(c) == FuzzRunner.Run(c), seed: Seed, iter: Iterations / 4, threads: 1, print: c => c.ToString());
}
