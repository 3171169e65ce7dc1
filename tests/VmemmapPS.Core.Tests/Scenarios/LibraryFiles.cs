using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;

namespace VmemmapPS.Core.Tests.Scenarios;

/// <summary>The scenario library as copied next to the tests (see the csproj): good files and negative files.</summary>
internal static class LibraryFiles
{
    private static readonly Regex ExpectError = new(@"^# expect-error: (\S+) (\S+) (\d+):(\d+)\s*$", RegexOptions.Multiline);

    public static string Root => Path.Combine(AppContext.BaseDirectory, "scenarios");

    public static IEnumerable<object[]> Good() => Directory.GetFiles(Root, "*.yaml")
        .OrderBy(f => f, StringComparer.Ordinal).Select(f => new object[] { Path.GetFileName(f) });

    public static IEnumerable<object[]> Invalid() => Directory.GetFiles(Path.Combine(Root, "invalid"), "*.yaml")
        .OrderBy(f => f, StringComparer.Ordinal).Select(f => new object[] { Path.GetFileName(f) });

    public static string GoodPath(string name) => Path.Combine(Root, name);

    public static string InvalidPath(string name) => Path.Combine(Root, "invalid", name);

    /// <summary>A negative file says what it must fail with in its first line: "# expect-error: Id Code line:column".</summary>
    public static (string ErrorId, string Code, int Line, int Column) ExpectedError(string path)
    {
        Match m = ExpectError.Match(File.ReadAllText(path));
        if (!m.Success)
        {
            throw new InvalidDataException($"{path} has no '# expect-error: <ErrorId> <Code> <line>:<column>' line");
        }

        return (m.Groups[1].Value, m.Groups[2].Value, int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture));
    }
}
