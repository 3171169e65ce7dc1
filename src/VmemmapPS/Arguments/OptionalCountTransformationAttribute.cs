using System;
using System.Management.Automation;

namespace VmemmapPS.Arguments;

/// <summary>
/// For optional counts that a device row carries as "not given": null and the empty string (what Export-Csv
/// writes for null) stay null, so a CSV row of a device without overrides binds as a device without overrides.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class OptionalCountTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        object? value = inputData is PSObject pso ? pso.BaseObject : inputData;
        if (value is null || (value is string text && text.Trim().Length == 0))
        {
            return null;
        }

        return value;
    }
}
