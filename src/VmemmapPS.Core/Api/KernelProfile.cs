using System;
using System.Collections.Generic;

namespace VmemmapPS.Core;

/// <summary>
/// A kernel version band and the switches that decide vmemmap behaviour in it (kernel-semantics §2, §9, §11).
/// </summary>
public sealed class KernelProfile
{
    private KernelProfile()
    {
        throw new NotImplementedException();
    }

    /// <summary>"5.8", "5.9", "5.12", "6.6", "6.14".</summary>
    public static IReadOnlyList<string> KnownVersions => throw new NotImplementedException();

    public const string DefaultVersion = "5.9";

    /// <summary>Throws SimException (UnknownKernelVersion) naming the known versions.</summary>
    public static KernelProfile Get(string version) => throw new NotImplementedException();

    public string Version => throw new NotImplementedException();

    public override string ToString() => Version;
}
