using System.Linq;
using System;
using VmemmapPS.Core.Errors;

namespace VmemmapPS.Core.Sim;

/// <summary>
/// Calls into the simulated kernel on behalf of a device, as the task doing a hotplug would: what the call
/// allocates or warns about is attributed to that device, progress goes to the caller, and a failure comes back
/// as a <see cref="KernelFailure"/>. This state lives for one call and only the kernel touches it.
/// </summary>
internal abstract partial class KernelState
{
    /// <summary>Device whose operation is running; allocations and warnings are attributed to it.</summary>
    public string? Actor { get; private set; }

    protected IProgress<SimProgress>? Progress { get; set; }

    /// <summary>The most recent failed allocation of this call, noted where it failed.</summary>
    private AllocFailure? _allocFailure;

    /// <summary>Runs one kernel entry (memremap_pages, memunmap_pages, ...); null when it returned 0.</summary>
    public KernelFailure? Call(string? actor, IProgress<SimProgress>? progress, Func<(int Errno, string? Function)> entry)
    {
        Actor = string.IsNullOrEmpty(actor) ? null : actor;
        Progress = progress;
        _allocFailure = null;
        FailureDetail = null;
        (int errno, string? function) result;
        try
        {
            result = entry();
        }
        finally
        {
            Actor = null;
            Progress = null;
        }

        return result.errno == 0 ? null : Classify(result.errno, result.function ?? "__add_pages", actor);
    }

    /// <summary>A failed allocation records itself so the failure names the allocator, not only the -ENOMEM.</summary>
    protected void NoteAllocFailure(string function, FailureKind kind, bool bug = false) => _allocFailure = new AllocFailure(function, kind, bug);

    private KernelFailure Classify(int errno, string function, string? actor)
    {
        bool left = LeftBehind(actor);
        if (errno == Errno.ENOMEM && _allocFailure is AllocFailure a)
        {
            return new KernelFailure(errno, a.Function, a.Kind, a.Bug, left);
        }

        FailureKind kind = errno switch
        {
            Errno.EEXIST => FailureKind.SubsectionConflict, // section_activate: sub-sections already active
            Errno.EBUSY => FailureKind.MemoryBlockBusy,     // offline_pages / try_remove_memory: a block in use
            Errno.ENOMEM => FailureKind.VmemmapAllocationFailed,
            _ => FailureKind.HotplugFailed,
        };
        return new KernelFailure(errno, function, kind, false, left);
    }

    /// <summary>Sections or pages a failed call's device still owns: what the kernel's error path did not undo.</summary>
    private bool LeftBehind(string? device) =>
        device is not null &&
        (Sections.AnyLeftBy(device) ||
         Owners.Runs.Any(r => SimNames.Same(r.Owner.Device, device)));

    private sealed class AllocFailure
    {
        public AllocFailure(string function, FailureKind kind, bool bug)
        {
            Function = function;
            Kind = kind;
            Bug = bug;
        }

        public string Function { get; }

        public FailureKind Kind { get; }

        public bool Bug { get; }
    }
}
