namespace VmemmapPS.Core.Versions;

/// <summary>The first point release of a stable/LTS branch that carries a mainline commit.</summary>
public sealed class StableBackport
{
    public StableBackport(KernelVersion firstRelease, Confidence confidence)
    {
        FirstRelease = firstRelease;
        Confidence = confidence;
    }

    public KernelVersion FirstRelease { get; }
    public Confidence Confidence { get; }

    public override string ToString() => FirstRelease.Upstream;
}
