using System;
using System.Management.Automation;

namespace VmemmapPS.Commands;

/// <summary>
/// The page tables as text in the style of /sys/kernel/debug/kernel_page_tables (ptdump), one string per line so
/// Select-String and Out-File work on it.
/// </summary>
[Cmdlet(VerbsCommon.Show, "SimPageTable")]
[OutputType(typeof(string))]
public sealed class ShowSimPageTableCommand : SimMachineCmdletBase
{
    private static readonly char[] LineBreak = { '\n' };

    protected override void ProcessRecord() =>
        WriteObject(Machine.DumpPageTables().Replace("\r\n", "\n").TrimEnd('\n').Split(LineBreak, StringSplitOptions.None), true);
}
