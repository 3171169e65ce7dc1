using System;
using System.Management.Automation;
using VmemmapPS.Session;

namespace VmemmapPS.Arguments;

/// <summary>Lets -Machine take the name of a machine created in this session (Get-SimMachine lists them).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class SimMachineTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        object? value = inputData is PSObject pso ? pso.BaseObject : inputData;
        if (value is not string name)
        {
            return inputData;
        }

        if (SimMachineRegistry.TryGet(name, out var machine))
        {
            return machine;
        }

        throw new ArgumentTransformationMetadataException(SimMachineRegistry.NotFoundMessage(name));
    }
}
