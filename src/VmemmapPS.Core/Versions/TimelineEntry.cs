using System.Collections.Generic;
using System.Linq;

namespace VmemmapPS.Core.Versions;

/// <summary>A behaviour switch: the mainline commit that flips it, where it first shipped, and its stable backports.</summary>
public sealed class TimelineEntry
{
    internal TimelineEntry(KernelSwitch name, string effect, string commit, string subject, KernelVersion since,
        Confidence confidence, string evidence, params StableBackport[] backports)
    {
        Switch = name;
        Effect = effect;
        Commit = commit;
        Subject = subject;
        Since = since;
        Confidence = confidence;
        Evidence = evidence;
        Backports = backports;
    }

    public KernelSwitch Switch { get; }

    /// <summary>What the kernel does differently from this commit on, in the simulator's terms.</summary>
    public string Effect { get; }

    /// <summary>Abbreviated mainline commit id; empty where it was not established.</summary>
    public string Commit { get; }

    public string Subject { get; }

    /// <summary>First mainline release with the commit.</summary>
    public KernelVersion Since { get; }

    /// <summary>First point release of each stable branch that carries a backport (older than <see cref="Since"/>).</summary>
    public IReadOnlyList<StableBackport> Backports { get; }

    public Confidence Confidence { get; }

    /// <summary>What the attribution rests on, including branches known not to carry it.</summary>
    public string Evidence { get; }

    /// <summary>The commit is in the release: mainline from <see cref="Since"/> on, or a stable point release at or after its backport.</summary>
    public bool IsIn(KernelVersion release) =>
        release.IsAtLeast(Since) || Backports.Any(b => release.SameBranch(b.FirstRelease) && release.IsAtLeast(b.FirstRelease));
}
