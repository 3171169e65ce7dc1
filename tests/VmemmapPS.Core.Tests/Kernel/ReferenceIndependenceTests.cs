using System;
using System.Reflection;
using VmemmapPS.Reference;
using Xunit;

namespace VmemmapPS.Core.Tests.Kernel;

/// <summary>
/// The expected numbers come from VmemmapPS.Reference, which has to reach them without the simulator: an oracle
/// that could call the code it checks would end up comparing the code with itself.
/// </summary>
public class ReferenceIndependenceTests
{
    [Fact]
    public void TheReferenceModelDoesNotReferenceTheSimulator()
    {
        AssemblyName[] referenced = typeof(RefGeometry).Assembly.GetReferencedAssemblies();
        Assert.Contains(referenced, a => a.Name == "System.Runtime");
        Assert.DoesNotContain(referenced, a => a.Name!.StartsWith("VmemmapPS", StringComparison.Ordinal));
    }
}
