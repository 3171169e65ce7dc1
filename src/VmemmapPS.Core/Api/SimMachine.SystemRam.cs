using System.Collections.Generic;
using System.Linq;
using VmemmapPS.Core.Drivers.Base;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Mm;
using VmemmapPS.Core.Sim;

namespace VmemmapPS.Core;

/// <summary>Hot-added System RAM on the machine: add_memory, memory block onlining, kmem, remove_memory.</summary>
public sealed partial class SimMachine
{
    /// <summary>memhp_default_state: how add_memory onlines new blocks when the caller does not say.</summary>
    public OnlineType DefaultOnlineType => Config.DefaultOnlineType;

    /// <summary>Hot-added System RAM resources, in add order.</summary>
    public IReadOnlyList<SystemMemory> SystemMemory => _k.SystemRam.ConvertAll(ToSystemMemory);

    /// <summary>Throws SimException for anything add_memory would refuse before changing the machine.</summary>
    public void ValidateSystemMemory(SystemMemorySpec spec) => SystemRamValidator.Validate(_k, spec);

    /// <summary>
    /// add_memory (register_memory_resource + add_memory_resource), then onlining of every block as
    /// <see cref="SystemMemorySpec.Online"/> or the machine's default online type says. Throws SimException for
    /// refused input; kernel failures come back as a failed result.
    /// </summary>
    public HotplugResult AddSystemMemory(SystemMemorySpec spec)
    {
        SystemRamValidator.Validate(_k, spec);
        var res = new SystemRamState { Name = spec.Name, Start = spec.Start, Size = spec.Size, Nid = spec.Node };
        return Run("AddSystemMemory", spec.Name, null, () =>
        {
            (int rc, string? function) = _k.AddMemoryResource(res, spec.MemmapOnMemory);
            if (rc == 0)
            {
                OnlineBlocks(res, spec.Online ?? DefaultOnlineType);
            }

            return (rc, function, null);
        }, () => _k.FindSystemRam(spec.Name) is SystemRamState r ? ToSystemMemory(r) : null);
    }

    /// <summary>
    /// offline_and_remove_memory (v5.14+): offline every online block, then try_remove_memory; when a block cannot
    /// be offlined (-EBUSY) the blocks offlined so far are onlined again as they were.
    /// </summary>
    public HotplugResult RemoveSystemMemory(string name)
    {
        SystemRamState res = FindSystemRamOrThrow(name);
        if (res.DaxDevice is not null)
        {
            throw new SimException(FailureKind.InvalidState,
                $"'{res.Name}' was added by kmem for dax device '{res.DaxDevice}'; use Set-DeviceMemory -Mode DevDax to give it back.", res.Name);
        }

        return Run("RemoveSystemMemory", res.Name, null, () =>
        {
            MemoryBlockRuns before = res.Blocks.Clone();
            (int rc, string? function) = OfflineBlocks(res, 0, res.Blocks.Count);
            if (rc == 0)
            {
                (rc, function) = _k.TryRemoveMemory(res);
            }

            if (rc != 0)
            {
                foreach (MemoryBlockRun run in before.Runs.Where(r => r.Zone != MemoryZone.None))
                {
                    for (ulong i = run.First; i < run.End; i++)
                    {
                        _k.MemoryBlockOnline(res, i, run.Zone == MemoryZone.Movable ? OnlineType.Movable : OnlineType.Kernel);
                    }
                }
            }

            return (rc, function, null);
        }, () => _k.FindSystemRam(name) is SystemRamState r ? ToSystemMemory(r) : null);
    }

    /// <summary>
    /// Write the state of memory blocks (memoryN/state): online them as <paramref name="online"/> says, or offline them
    /// (OnlineType.None). Offlining stops at the first block that cannot go (-EBUSY). firstBlock/count are block
    /// indexes inside the resource; null = all of it.
    /// </summary>
    public HotplugResult SetSystemMemoryState(string name, OnlineType online, ulong? firstBlock = null, ulong? count = null)
    {
        SystemRamState res = FindSystemRamOrThrow(name);
        ulong first = firstBlock ?? 0;
        ulong n = count ?? res.Blocks.Count - System.Math.Min(first, res.Blocks.Count);
        if (first >= res.Blocks.Count || n == 0 || first + n > res.Blocks.Count || first + n < first)
        {
            throw new SimException(FailureKind.InvalidSize,
                $"'{res.Name}' has blocks 0..{res.Blocks.Count - 1}; blocks {first}..{first + n - 1} are not all there.", firstBlock);
        }

        return Run("SetSystemMemoryState", res.Owner, null, () =>
        {
            if (online == OnlineType.None)
            {
                (int rc, string? function) = OfflineBlocks(res, first, n);
                return (rc, function, null);
            }

            for (ulong i = first; i < first + n; i++)
            {
                MemoryBlockRun run = res.Blocks.At(i);
                if (run.Zone != MemoryZone.None && run.Zone != ZoneOf(online))
                {
                    // memory_subsys_online: an online block keeps its zone; moving it means offline first
                    return (Errno.EINVAL, "memory_block_change_state", null);
                }

                int rc = _k.MemoryBlockOnline(res, i, online);
                if (rc != 0)
                {
                    return (rc, "online_pages", null);
                }
            }

            return (0, null, null);
        }, () => ToSystemMemory(res));
    }

    /// <summary>Memory blocks as runs in the same state, of one resource or of all.</summary>
    public IReadOnlyList<MemoryBlockInfo> GetMemoryBlocks(string? name = null)
    {
        var rows = new List<MemoryBlockInfo>();
        foreach (SystemRamState res in _k.SystemRam)
        {
            if (name is not null && !SimNames.Same(res.Name, name))
            {
                continue;
            }

            ulong baseId = res.Start / _k.G.MemoryBlockSize;
            foreach (MemoryBlockRun run in res.Blocks.Runs)
            {
                rows.Add(new MemoryBlockInfo
                {
                    Machine = Name, Name = res.Name, FirstBlock = baseId + run.First, Blocks = run.Count,
                    Start = res.Start + run.First * _k.G.MemoryBlockSize, Size = run.Count * _k.G.MemoryBlockSize,
                    State = run.Zone == MemoryZone.None ? "offline" : "online", Zone = run.Zone, Node = res.Nid,
                    MemmapOnMemoryPages = res.VmemmapPagesPerBlock,
                    ManagedPages = run.Zone == MemoryZone.None ? 0 : run.Count * (_k.PagesPerBlock - res.VmemmapPagesPerBlock),
                });
            }
        }

        return rows;
    }

    private static MemoryZone ZoneOf(OnlineType t) => t == OnlineType.Movable ? MemoryZone.Movable : MemoryZone.Normal;

    /// <summary>walk_memory_blocks with online_memory_block: stops at the first block that fails to online.</summary>
    private void OnlineBlocks(SystemRamState res, OnlineType online)
    {
        for (ulong i = 0; i < res.Blocks.Count && online != OnlineType.None; i++)
        {
            if (_k.MemoryBlockOnline(res, i, online) != 0)
            {
                return;
            }
        }
    }

    private (int Errno, string? Function) OfflineBlocks(SystemRamState res, ulong first, ulong count)
    {
        for (ulong i = first; i < first + count; i++)
        {
            (int rc, string? function) = _k.MemoryBlockOffline(res, i);
            if (rc != 0)
            {
                return (rc, function);
            }
        }

        return (0, null);
    }

    private SystemRamState FindSystemRamOrThrow(string name) =>
        _k.FindSystemRam(name ?? string.Empty) ??
        throw new SimException(FailureKind.DeviceNotFound, $"No System RAM named '{name}' on machine '{Name}'.", name);

    private ulong MemmapOnMemoryBytesOf(SystemRamState r) =>
        r.MemmapOnMemory ? r.Blocks.Count * r.VmemmapPagesPerBlock << _k.G.PageShift : 0;

    private SystemMemory ToSystemMemory(SystemRamState r)
    {
        ulong online = 0, movable = 0;
        foreach (MemoryBlockRun run in r.Blocks.Runs)
        {
            if (run.Zone != MemoryZone.None)
            {
                online += run.Count;
            }

            if (run.Zone == MemoryZone.Movable)
            {
                movable += run.Count;
            }
        }

        return new SystemMemory
        {
            Name = r.Name, Machine = Name, ResourceName = r.ResourceName, Device = r.DaxDevice ?? string.Empty, Start = r.Start,
            Size = r.Size, Node = r.Nid, BlockSize = _k.G.MemoryBlockSize, MemoryBlocks = r.Blocks.Count, OnlineBlocks = online,
            MovableBlocks = movable, MemmapOnMemory = r.MemmapOnMemory, MemmapOnMemoryBytes = MemmapOnMemoryBytesOf(r),
            ManagedBytes = online * (_k.PagesPerBlock - r.VmemmapPagesPerBlock) << _k.G.PageShift,
        };
    }
}
