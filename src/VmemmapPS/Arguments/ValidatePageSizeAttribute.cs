using System;
using System.Linq;
using System.Management.Automation;
using VmemmapPS.Core.Units;

namespace VmemmapPS.Arguments;

/// <summary>The three arm64 granules, for one page size or each of several. Runs after <see cref="ByteSizeTransformationAttribute"/>, so 4KB, '16K' and 65536 all pass.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ValidatePageSizeAttribute : ValidateArgumentsAttribute
{
    internal static readonly ulong[] Granules = { 4 * ByteSize.KiB, 16 * ByteSize.KiB, 64 * ByteSize.KiB };

    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        object value = arguments is PSObject pso ? pso.BaseObject : arguments;
        if (value is ulong[] sizes)
        {
            foreach (ulong one in sizes)
            {
                Validate(one, engineIntrinsics);
            }

            return;
        }

        if (value is ulong size && Granules.Contains(size))
        {
            return;
        }

        throw new ValidationMetadataException($"{value} is not an arm64 page size; use 4KB, 16KB or 64KB.");
    }
}
