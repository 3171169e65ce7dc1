using System;
using BenchmarkDotNet.Running;

namespace VmemmapPS.Benchmarks;

public static class Program
{
    /// <summary>`dotnet run -c Release -- --quick` for the Stopwatch pass; anything else goes to BenchmarkDotNet.</summary>
    public static int Main(string[] args)
    {
        if (Array.IndexOf(args, "--quick") >= 0)
        {
            return QuickRun.Run();
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
