using System;
using System.Globalization;
using System.Text.RegularExpressions;
using VmemmapPS.Core.Errors;

namespace VmemmapPS.Core.Versions;

/// <summary>
/// A kernel release as users have it: "5.8", "5.10.223", "v6.6.30", "6.12.107+deb12-arm64", "6.8.0-60-generic".
/// Only the upstream part (major.minor.sublevel) decides behaviour; whatever a distribution appends is kept as
/// <see cref="Suffix"/> and otherwise ignored, because its own patches are not modelled.
/// </summary>
public sealed class KernelVersion : IComparable<KernelVersion>, IEquatable<KernelVersion>
{
    // The suffix must start with a separator so "6.120" or "6.12.107x" stay errors rather than guesses.
    private static readonly Regex Form = new(@"^[vV]?(?<major>\d{1,2})\.(?<minor>\d{1,3})(\.(?<sub>\d{1,4}))?(?<suffix>[-+~_].*)?$",
        RegexOptions.CultureInvariant);

    private KernelVersion(int major, int minor, int sublevel, string given, string suffix)
    {
        Major = major;
        Minor = minor;
        Sublevel = sublevel;
        Given = given;
        Suffix = suffix;
    }

    public int Major { get; }
    public int Minor { get; }

    /// <summary>Stable point release; 0 for the mainline release itself (and for "x.y.0-N" distribution ABI names).</summary>
    public int Sublevel { get; }

    /// <summary>The text as given, trimmed.</summary>
    public string Given { get; }

    /// <summary>Everything after the upstream numbers ("+deb12-arm64", "-60-generic", "-rc3"); empty when none.</summary>
    public string Suffix { get; }

    /// <summary>The upstream release the behaviour is resolved for: "6.12.107", or "6.14" for a mainline release.</summary>
    public string Upstream => Sublevel == 0 ? $"{Major}.{Minor}" : $"{Major}.{Minor}.{Sublevel}";

    /// <summary>"6.12" for every 6.12.y point release: the stable branch a backport lands on.</summary>
    public string Branch => $"{Major}.{Minor}";

    public static KernelVersion Of(int major, int minor, int sublevel = 0) =>
        new(major, minor, sublevel, sublevel == 0 ? $"{major}.{minor}" : $"{major}.{minor}.{sublevel}", string.Empty);

    /// <summary>Parses without checking the modelled range. Throws SimException (UnknownKernelVersion) on text that is no kernel release.</summary>
    public static KernelVersion Parse(string? text)
    {
        string given = (text ?? string.Empty).Trim();
        Match m = Form.Match(given);
        if (!m.Success)
        {
            throw new SimException(FailureKind.UnknownKernelVersion,
                $"'{given}' is not a kernel release; expected major.minor[.sublevel] with an optional distribution suffix, " +
                "as 'uname -r' prints it (5.10.223, v6.6.30, 6.12.107+deb12-arm64, 6.8.0-60-generic).", text);
        }

        int Num(string group) => int.Parse(m.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture);
        int sub = m.Groups["sub"].Success ? Num("sub") : 0;
        return new KernelVersion(Num("major"), Num("minor"), sub, given, m.Groups["suffix"].Value);
    }

    /// <summary>True when this release carries everything release <paramref name="other"/> has in mainline order.</summary>
    public bool IsAtLeast(KernelVersion other) => CompareTo(other) >= 0;

    public bool SameBranch(KernelVersion other) => Major == other.Major && Minor == other.Minor;

    public int CompareTo(KernelVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        int c = Major.CompareTo(other.Major);
        c = c != 0 ? c : Minor.CompareTo(other.Minor);
        return c != 0 ? c : Sublevel.CompareTo(other.Sublevel);
    }

    public bool Equals(KernelVersion? other) => other is not null && CompareTo(other) == 0;

    public override bool Equals(object? obj) => obj is KernelVersion v && Equals(v);

    public override int GetHashCode() => (Major * 1000 + Minor) * 10000 + Sublevel;

    public override string ToString() => Upstream;

    public static bool operator ==(KernelVersion? left, KernelVersion? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(KernelVersion? left, KernelVersion? right) => !(left == right);

    public static bool operator <(KernelVersion? left, KernelVersion? right) => Compare(left, right) < 0;

    public static bool operator <=(KernelVersion? left, KernelVersion? right) => Compare(left, right) <= 0;

    public static bool operator >(KernelVersion? left, KernelVersion? right) => Compare(left, right) > 0;

    public static bool operator >=(KernelVersion? left, KernelVersion? right) => Compare(left, right) >= 0;

    // null sorts first, as CompareTo has it.
    private static int Compare(KernelVersion? left, KernelVersion? right) => left is null ? (right is null ? 0 : -1) : left.CompareTo(right);
}
