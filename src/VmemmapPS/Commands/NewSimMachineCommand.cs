using System.Collections.Generic;
using System.Management.Automation;
using VmemmapPS.Arguments;
using VmemmapPS.Completion;
using VmemmapPS.Core;
using VmemmapPS.Core.Arch.Arm64;
using VmemmapPS.Core.Errors;
using VmemmapPS.Core.Units;
using VmemmapPS.Core.Versions;
using VmemmapPS.Session;

namespace VmemmapPS.Commands;

/// <summary>Boots a simulated arm64 machine, registers it in the session by name and emits it.</summary>
[Cmdlet(VerbsCommon.New, "SimMachine")]
[OutputType(typeof(SimMachine))]
public sealed class NewSimMachineCommand : SimCmdletBase
{
    /// <summary>arm64 virt's DRAM base, where the core's default machine puts its RAM too.</summary>

    private const ulong DefaultMemory = VirtPlatform.DefaultRamSize;

    private const string DefaultNamePrefix = "sim";

    /// <summary>Names from the pipeline boot one machine each. Without a name: the first free of sim0, sim1, ...</summary>
    [Parameter(Position = 0, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    /// <summary>Replace the session's machine of that name (its devices stay with the old object).</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    [ByteSizeTransformation]
    [ValidatePageSize]
    [ArgumentCompleter(typeof(PageSizeCompleter))]
    public ulong PageSize { get; set; } = 4096;

    /// <summary>CONFIG_ARM64_VA_BITS; 0 = the Kconfig default for the page size.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(VaBitsCompleter))]
    [ValidateRange(0, 52)]
    public int VaBits { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(KernelVersionCompleter))]
    [ValidateNotNullOrEmpty]
    public string KernelVersion { get; set; } = KernelProfile.DefaultVersion;

    /// <summary>System RAM of node 0 (ignored when -NodeMemory is given).</summary>
    [Parameter]
    [ByteSizeTransformation]
    public ulong Memory { get; set; } = DefaultMemory;

    [Parameter]
    [ByteSizeTransformation]
    public ulong MemoryStart { get; set; } = VirtPlatform.DramBase;

    /// <summary>RAM per NUMA node, laid out back to back from -MemoryStart; 0 = a memory-less node (a CXL node).</summary>
    [Parameter]
    [ByteSizeTransformation]
    public ulong[]? NodeMemory { get; set; }

    /// <summary>rodata_full: page-granular linear map for hot-added memory. On unless -RodataFull:$false.</summary>
    [Parameter]
    public SwitchParameter RodataFull { get; set; }

    /// <summary>The CPUs implement BBML2_NOABORT: from kernel v6.18 the linear map keeps block mappings under rodata_full.</summary>
    [Parameter]
    public SwitchParameter Bbml2NoAbort { get; set; }

    /// <summary>memhp_default_state: how hot-added System RAM is onlined by the kernel itself (default None, as mainline).</summary>
    [Parameter]
    public OnlineType DefaultOnlineType { get; set; }

    protected override void ProcessRecord()
    {
        if (!MyInvocation.BoundParameters.ContainsKey(nameof(Name)))
        {
            Name = SimMachineRegistry.FirstFreeName(DefaultNamePrefix);
        }

        if (!MachineNames.CheckFree(this, Name, Force))
        {
            return;
        }

        if (!TryInvoke(() => WithProgress($"Boot {Name}", progress => SimMachine.Boot(BuildConfig(), progress)), Name, out SimMachine machine))
        {
            return;
        }

        if (!MachineNames.Register(this, machine, Force))
        {
            return;
        }

        WriteVerbose($"Booted '{machine.Name}': {ByteSize.Format(machine.PageSize)} pages, VA_BITS {machine.VaBits}, kernel {machine.KernelVersion}, "
            + $"{ByteSize.Format(machine.SystemRamTotalBytes)} RAM.");
        WriteObject(machine);
    }

    private MachineConfig BuildConfig()
    {
        ulong[] perNode = NodeMemory is { Length: > 0 } ? NodeMemory : new[] { Memory };
        var nodes = new List<NodeConfig>();
        ulong next = MemoryStart;
        for (int id = 0; id < perNode.Length; id++)
        {
            var node = new NodeConfig { Id = id };
            if (perNode[id] > 0)
            {
                if (next + perNode[id] < next)
                {
                    throw new SimException(FailureKind.InvalidMachineConfig,
                        $"The RAM of node {id} ({ByteSize.Format(perNode[id])} at {ByteSize.Hex(next)}) would run past the end of the 64-bit "
                        + "physical address space; lower -MemoryStart or the node's size.", next);
                }

                node.Ram.Add(new RamRange(next, perNode[id]));
                next += perNode[id];
            }

            nodes.Add(node);
        }

        return new MachineConfig
        {
            Name = Name,
            PageSize = PageSize,
            VaBits = VaBits,
            KernelVersion = KernelVersion,
            RodataFull = !MyInvocation.BoundParameters.ContainsKey(nameof(RodataFull)) || RodataFull.IsPresent,
            Bbml2NoAbort = Bbml2NoAbort.IsPresent,
            DefaultOnlineType = DefaultOnlineType,
            Nodes = nodes,
        };
    }
}
