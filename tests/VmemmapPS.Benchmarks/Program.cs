using System;
using BenchmarkDotNet.Running;

namespace VmemmapPS.Benchmarks;

public static class Program
{
    /// <summary>`dotnet run -c Release -- --quick [target]` for the Stopwatch pass (one target: a part of its name); anything else goes to BenchmarkDotNet.</summary>
    public static int Main(string[] args)
    {
        int quick = Array.IndexOf(args, "--quick");
        if (quick >= 0)
        {
            return QuickRun.Run(quick + 1 < args.Length ? args[quick + 1] : null);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
