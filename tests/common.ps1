# Dot-sourced by every *.Tests.ps1 (in BeforeDiscovery and BeforeAll): imports the built module (out/VmemmapPS)
# once per process and defines shared helpers.
$modulePath = if ($env:VMEMMAPPS_MODULE_PATH) { $env:VMEMMAPPS_MODULE_PATH } else { Join-Path $PSScriptRoot '../out/VmemmapPS' }
if (-not (Get-Module VmemmapPS)) {
    Import-Module $modulePath -ErrorAction Stop
}
$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
$ProgressPreference = 'SilentlyContinue'

# Kernel constants the expectations are derived from (include/linux/mm_types.h, drivers/nvdimm/pfn_devs.c).
$script:StructPageSize = 64
$script:InfoBlockBytes = 8KB   # SZ_8K: the pfn info block at offset 4K of the namespace
$script:PmdSize = @{ 4KB = 2MB; 16KB = 32MB; 64KB = 512MB }
# A device start far above the default 8 GiB of RAM at 0x40000000, aligned to every section size.
$script:DeviceStart = 0x1000000000

# The parameter names a cmdlet has beyond the common ones (WhatIf/Confirm count: they are part of its contract).
function Get-DeclaredParameter([string]$Command) {
    $common = [System.Management.Automation.PSCmdlet]::CommonParameters + 'UseTransaction'
    (Get-Command $Command).Parameters.Keys | Where-Object { $_ -notin $common } | Sort-Object
}

# The examples of a cmdlet's help, as Pester -ForEach data (Title, Code).
function Get-HelpExample([string]$Command) {
    foreach ($example in (Get-Help $Command -Full).examples.example) {
        @{ Title = ($example.title -replace '^-+\s*|\s*-+$', ''); Code = [string]$example.code; Command = $Command }
    }
}

# Runs a help example in its own scope; any error (including non-terminating) fails it.
function Invoke-HelpExample([string]$Code) {
    $ErrorActionPreference = 'Stop'
    $null = & ([scriptblock]::Create($Code)) | Out-String
}

# Everything observable about a machine, as one string, to prove a failed command changed nothing. Built with
# foreach statements: a 64 GiB page-granular linear map alone is 32k table pages, too many for the pipeline.
function Get-MachineState($Machine) {
    $sb = [System.Text.StringBuilder]::new()
    $null = $sb.AppendLine("ram $($Machine.SystemRamFreeBytes) allocations $($Machine.Allocations.Count) warnings $($Machine.Warnings.Count)")
    foreach ($d in $Machine.Devices) { $null = $sb.AppendLine("device $($d.Name) $($d.Start) $($d.Size) $($d.UsableBytes) $($d.VmemmapBytes) $($d.MemmapLocation)") }
    foreach ($a in $Machine.GetAltmaps()) { $null = $sb.AppendLine("altmap $($a.Device) $($a.Reserve) $($a.Free) $($a.Align) $($a.Alloc)") }
    foreach ($v in $Machine.GetVmemmapMappings()) { $null = $sb.AppendLine("map $($v.VirtualAddress) $($v.Size) $($v.PhysAddr) $($v.Backing)") }
    foreach ($t in $Machine.GetTablePages()) { $null = $sb.AppendLine("table $($t.Region) $($t.Level) $($t.PhysAddr) $($t.EntriesUsed)") }
    $sb.ToString()
}

# One error record: the id users match on, its category and the offending target.
function Assert-SimError($ErrorRecord, [string]$Id, [System.Management.Automation.ErrorCategory]$Category, [string]$Command) {
    $ErrorRecord | Should -Not -BeNullOrEmpty -Because "$Command should have written an error"
    $ErrorRecord.FullyQualifiedErrorId | Should -Be "$Id,VmemmapPS.Commands.$($Command -replace '-', '')Command"
    $ErrorRecord.CategoryInfo.Category | Should -Be $Category
    $ErrorRecord.TargetObject | Should -Not -BeNullOrEmpty
}

# A unique session name, so tests do not see each other's machines in the registry.
function New-TestMachineName([string]$Prefix = 't') { '{0}-{1}' -f $Prefix, [guid]::NewGuid().ToString('N').Substring(0, 8) }

# Integer arithmetic only: pwsh's / turns inexact integer division into a double.
function ConvertTo-Pfn([uint64]$Bytes, [uint64]$PageSize) { [uint64][System.Numerics.BigInteger]::Divide($Bytes, $PageSize) }

function Get-AlignUp([uint64]$Value, [uint64]$Align) { [uint64][System.Numerics.BigInteger]::Divide($Value + $Align - 1, $Align) * $Align }

<#
The nvdimm PFN geometry of a new namespace, as nd_pfn_init and __nvdimm_setup_pfn compute it
(drivers/nvdimm/pfn_devs.c): npfns = PHYS_PFN(size - SZ_8K); map=dev reserves 64 bytes per pfn after the info
block; offset = ALIGN(start + SZ_8K [+ 64 * npfns], align) - start; the altmap's reserve is the info block
(ALIGN(SZ_8K, PAGE_SIZE) in pfns) and free = PHYS_PFN(offset) - reserve. Assumes an align-aligned start and
size (no start pad, no end truncation).
#>
function Get-NvdimmGeometry([uint64]$Start, [uint64]$Size, [uint64]$PageSize, [switch]$Altmap, [uint64]$Align = 0) {
    if ($Align -eq 0) { $Align = $script:PmdSize[[int]$PageSize] }
    $npfns = ConvertTo-Pfn ($Size - $script:InfoBlockBytes) $PageSize
    $memmap = if ($Altmap) { [uint64]$script:StructPageSize * $npfns } else { 0 }
    $offset = (Get-AlignUp ($Start + $script:InfoBlockBytes + $memmap) $Align) - $Start
    $reserve = ConvertTo-Pfn (Get-AlignUp $script:InfoBlockBytes $PageSize) $PageSize
    [pscustomobject]@{
        Npfns       = $npfns
        Offset      = $offset
        Reserve     = $reserve
        Free        = (ConvertTo-Pfn $offset $PageSize) - $reserve
        UsableBytes = $Size - $offset
    }
}

# Runs a script in a fresh runspace that imports the module, and returns its progress records for one activity
# (Write-Progress is only observable from outside the pipeline that writes it). Any error fails the caller.
function Get-ProgressRecord([string]$Script, [string]$Activity) {
    $ps = [powershell]::Create()
    try {
        $null = $ps.AddScript("Import-Module '$modulePath'; $Script")
        $null = $ps.Invoke()
        $ps.Streams.Error | Should -BeNullOrEmpty
        @($ps.Streams.Progress | Where-Object Activity -EQ $Activity)
    }
    finally { $ps.Dispose() }
}
