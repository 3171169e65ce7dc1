using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Scenarios.Expectations;

namespace VmemmapPS.Core.Sim;

/// <summary>
/// The one naming rule for devices and machines, in every layer (core, cmdlets, scenario files): 1 to 63 characters
/// from A-Z a-z 0-9 _ . : -, starting with a letter or a digit (so ndctl/daxctl names such as dax0.0 fit), and none
/// of the words a scenario's metric paths reserve. Names compare ignoring case (ordinal) and keep the case they were
/// given: pmem0 and PMEM0 are the same device, and a machine cannot have both.
/// </summary>
public static class SimNames
{
    public const int MaxLength = 63;

    /// <summary>How two names compare everywhere.</summary>
    public const StringComparison Comparison = StringComparison.OrdinalIgnoreCase;

    private static readonly Regex Pattern = new(@"\A[A-Za-z0-9][A-Za-z0-9_.:-]*\z", RegexOptions.CultureInvariant);

    /// <summary>For dictionaries and sets keyed by name.</summary>
    public static StringComparer Comparer => StringComparer.OrdinalIgnoreCase;

    /// <summary>Words a scenario's metric paths give a meaning (usage.total..., mappings.all..., mappings.boot...).</summary>
    public static IReadOnlyList<string> Reserved => MetricCatalog.ReservedNames;

    public static bool Same(string? a, string? b) => string.Equals(a, b, Comparison);

    /// <summary>Why <paramref name="name"/> breaks the rule, or null when it is a valid name.</summary>
    public static string? Problem(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return "a name is required";
        }

        if (name!.Length > MaxLength)
        {
            return $"'{name}' is {name.Length} characters long; names have at most {MaxLength}";
        }

        if (!Pattern.IsMatch(name))
        {
            return $"'{name}' must start with a letter or digit and contain only letters, digits, '_', '.', ':' or '-'";
        }

        if (Reserved.Any(r => Same(r, name)))
        {
            return $"'{name}' is reserved (scenario metric paths use {string.Join(", ", Reserved)})";
        }

        return null;
    }

    /// <summary>Throws SimException (InvalidName) when the name breaks the rule; <paramref name="what"/> is
    /// "device name" or "machine name".</summary>
    public static void Validate(string? name, string what)
    {
        if (Problem(name) is string why)
        {
            throw new SimException(FailureKind.InvalidName, $"Invalid {what}: {why}.", name);
        }
    }
}
