using System.Management.Automation;
using VmemmapPS.Arguments;
using VmemmapPS.Completion;
using VmemmapPS.Core;
using VmemmapPS.Core.Units;

namespace VmemmapPS.Commands;

/// <summary>
/// Hot-adds a device range (memremap_pages, or add_pages for Private memory). Binds Name/Start/Size/Type/Node by
/// property name, so <c>Import-Csv devices.csv | Add-DeviceMemory -Machine $m</c> adds one device per row.
/// </summary>
[Cmdlet(VerbsCommon.Add, "DeviceMemory", SupportsShouldProcess = true)]
[OutputType(typeof(DeviceMemory))]
public sealed class AddDeviceMemoryCommand : SimMachineCmdletBase
{
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    /// <summary>Physical start address.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ByteSizeTransformation]
    public ulong Start { get; set; }

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ByteSizeTransformation]
    public ulong Size { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public DeviceType Type { get; set; } = DeviceType.FsDax;

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateRange(0, 1023)]
    [ArgumentCompleter(typeof(NodeCompleter))]
    public int Node { get; set; }

    /// <summary>FsDax/DevDax: the nvdimm map=dev geometry (struct pages on the device). Binds a device's
    /// MemmapLocation, so what Get-DeviceMemory emits (or Export-Csv writes) goes back in unchanged.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("MemmapLocation")]
    [MemmapLocationTransformation]
    public SwitchParameter Altmap { get; set; }

    /// <summary>nvdimm PFN alignment; default PMD_SIZE (2 MiB on 4K, 32 MiB on 16K, 512 MiB on 64K). Not bound from
    /// the pipeline: a device's Align is the effective one, and a default copied to a machine of another page size
    /// would be refused there. <see cref="RequestedAlign"/> carries the alignment the device was added with.</summary>
    [Parameter]
    [ByteSizeTransformation]
    public ulong Align { get; set; }

    /// <summary>A device's RequestedAlign from the pipeline (Get-DeviceMemory objects, CSV rows): the alignment it
    /// was added with, empty for the default. -Align wins when both are given. Hidden: users type -Align.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true, DontShow = true)]
    [OptionalCountTransformation]
    public ulong? RequestedAlign { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [OptionalCountTransformation]
    public ulong? AltmapReservePages { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [OptionalCountTransformation]
    public ulong? AltmapFreePages { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        DeviceSpec spec = BuildSpec();
        if (!TryInvoke(() => Machine.PreviewDevice(spec), Name, out DeviceMemory preview))
        {
            return;
        }

        string where = preview.MemmapLocation == MemmapLocation.Device ? "the device (altmap)" : "system RAM";
        ChangeDevice(Machine, preview, "Hot-add", $"{ByteSize.Format(Size)} of {Type} memory with its memmap in {where}", PassThru,
            progress => Machine.AddDevice(spec, progress));
    }

    private DeviceSpec BuildSpec()
    {
        var bound = MyInvocation.BoundParameters;
        return new DeviceSpec
        {
            Name = Name,
            Type = Type,
            Start = Start,
            Size = Size,
            Node = Node,
            Altmap = Altmap.IsPresent,
            Align = bound.ContainsKey(nameof(Align)) ? Align : RequestedAlign,
            AltmapReservePages = AltmapReservePages,
            AltmapFreePages = AltmapFreePages,
        };
    }
}
