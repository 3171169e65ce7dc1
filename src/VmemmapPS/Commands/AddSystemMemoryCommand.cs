using System.Management.Automation;
using VmemmapPS.Arguments;
using VmemmapPS.Completion;
using VmemmapPS.Core;
using VmemmapPS.Core.Units;

namespace VmemmapPS.Commands;

/// <summary>
/// Hot-adds System RAM (add_memory: register_memory_resource, add_memory_resource, then onlining of its memory
/// blocks). Binds Name/Start/Size/Node by property name, so a CSV of ranges adds one resource per row.
/// </summary>
[Cmdlet(VerbsCommon.Add, "SystemMemory", SupportsShouldProcess = true)]
[OutputType(typeof(SystemMemory))]
public sealed class AddSystemMemoryCommand : SystemMemoryCmdletBase
{
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ByteSizeTransformation]
    public ulong Start { get; set; }

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ByteSizeTransformation]
    public ulong Size { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0, 1023)]
    [ArgumentCompleter(typeof(NodeCompleter))]
    public int Node { get; set; }

    /// <summary>memory_hotplug.memmap_on_memory=1 with MHP_MEMMAP_ON_MEMORY: each block holds its own memmap.</summary>
    [Parameter]
    public SwitchParameter MemmapOnMemory { get; set; }

    /// <summary>How to online the blocks; default: the machine's DefaultOnlineType (memhp_default_state).</summary>
    [Parameter]
    public OnlineType Online { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var spec = new SystemMemorySpec
        {
            Name = Name, Start = Start, Size = Size, Node = Node, MemmapOnMemory = MemmapOnMemory.IsPresent,
            Online = MyInvocation.BoundParameters.ContainsKey(nameof(Online)) ? Online : null,
        };
        string memmap = MemmapOnMemory.IsPresent ? "its memmap on the memory itself" : "its memmap in system RAM";
        Change(Name, $"Hot-add {ByteSize.Format(Size)} of System RAM with {memmap}", () => Machine.ValidateSystemMemory(spec),
            () => Machine.AddSystemMemory(spec), PassThru, r => r.SystemMemory);
    }
}
