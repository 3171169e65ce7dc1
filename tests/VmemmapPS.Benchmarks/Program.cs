using System;
using BenchmarkDotNet.Running;

namespace VmemmapPS.Benchmarks;

public static class Program
{
    /// <summary>
    /// `dotnet run -c Release -- --quick [target] [--markdown]` for the quick pass (one target: a part of its name;
    /// --markdown: the scale targets as the README's table); anything else goes to BenchmarkDotNet.
    /// </summary>
    public static int Main(string[] args)
    {
        int quick = Array.IndexOf(args, "--quick");
        if (quick >= 0)
        {
            bool markdown = Array.IndexOf(args, "--markdown") >= 0;
            string? filter = quick + 1 < args.Length && !args[quick + 1].StartsWith("--", StringComparison.Ordinal) ? args[quick + 1] : null;
            return QuickRun.Run(filter, markdown);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
