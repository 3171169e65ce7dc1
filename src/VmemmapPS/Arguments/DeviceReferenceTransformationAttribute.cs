using System;
using System.Management.Automation;
using VmemmapPS.Core;

namespace VmemmapPS.Arguments;

/// <summary>
/// Lets -InputObject take what names a device rather than the device itself: an Import-Csv row of
/// Get-DeviceMemory's output or a [pscustomobject] with Name (and Machine). Only Name and Machine are read; the
/// cmdlet looks the device up on that machine. PowerShell's own conversion cannot do this: a CSV row also carries
/// the device's computed properties (End, RequestedAlign...), which cannot be set.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class DeviceReferenceTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        if (inputData is not PSObject pso || pso.BaseObject is not PSCustomObject)
        {
            return inputData;
        }

        if (pso.Properties["Name"]?.Value is not object name)
        {
            return inputData;
        }

        return new DeviceMemory
        {
            Name = name.ToString() ?? string.Empty,
            Machine = pso.Properties["Machine"]?.Value?.ToString() ?? string.Empty,
        };
    }
}
