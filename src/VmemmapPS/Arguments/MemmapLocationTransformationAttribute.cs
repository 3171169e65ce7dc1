using System;
using System.Management.Automation;
using VmemmapPS.Core;

namespace VmemmapPS.Arguments;

/// <summary>
/// Lets -Altmap take what a device's MemmapLocation says, so a DeviceMemory or its CSV row goes back in as it came
/// out: Device/dev/true/1 mean map=dev, SystemRam/mem/false/0/empty mean map=mem. Anything else is refused rather
/// than read as PowerShell's "any non-empty string is true".
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class MemmapLocationTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        object? value = inputData is PSObject pso ? pso.BaseObject : inputData;
        return value switch
        {
            null => new SwitchParameter(false),
            SwitchParameter s => s,
            bool b => new SwitchParameter(b),
            MemmapLocation location => new SwitchParameter(location == MemmapLocation.Device),
            int i when i == 0 || i == 1 => new SwitchParameter(i == 1),
            string text => new SwitchParameter(FromText(text.Trim())),
            _ => throw Refused(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)),
        };
    }

    private static bool FromText(string text)
    {
        foreach (string yes in new[] { "Device", "dev", "true", "1", "$true" })
        {
            if (string.Equals(text, yes, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        foreach (string no in new[] { "SystemRam", "mem", "false", "0", "$false", "" })
        {
            if (string.Equals(text, no, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }
        }

        throw Refused(text);
    }

    private static ArgumentTransformationMetadataException Refused(string? text) => new(
        $"'{text}' is not a memmap location. Use Device, dev or true for struct pages on the device (map=dev); SystemRam, mem or false for struct pages in system RAM (map=mem).");
}
