<#
.SYNOPSIS
The showcase session (build.ps1 -Task Run): 256 GiB of pmem hot-added with and without the altmap, on 4K and
64K pages, on the kernel before the arm64 altmap commit (5.8) and the first one with it (5.9).

.DESCRIPTION
For each combination a fresh machine is booted and one 256 GiB fsdax namespace is added. The session then
prints, as plain-text tables:
  1. where the struct pages went and what the device cost in system RAM (Measure-Vmemmap),
  2. the vmem_altmap state of the map=dev namespaces (Get-VmemAltmap),
  3. the namespace geometry (Get-DeviceMemory) and the invariant check (Test-SimMachine),
  4. the same experiment as the scenario file scenarios/showcase.yaml (Invoke-SimScenario), whose
     expectations are derived from the kernel's formulas; a failed expectation fails the run.
Deterministic: same module, same output, byte for byte.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string]$ModulePath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$env:NO_COLOR = '1'
if (Get-Variable -Name PSStyle -ErrorAction SilentlyContinue) { $PSStyle.OutputRendering = 'PlainText' }
$ProgressPreference = 'SilentlyContinue'

Import-Module (Resolve-Path -LiteralPath $ModulePath).Path

$deviceStart = 0x1000000000  # 64 GiB: above the 8 GiB of RAM at 0x40000000, 1 GiB aligned for the 5.8/5.9 sections
$deviceSize = 256GB
$width = 80  # what redirected output gets; every table below fits

function Format-Size([uint64]$Bytes) { [VmemmapPS.Core.Units.ByteSize]::Format($Bytes) }
function Format-Hex([uint64]$Value) { [VmemmapPS.Core.Units.ByteSize]::Hex($Value) }
# Numbers and sizes right-aligned, the machine name left-aligned.
function Write-Table($Title, $Rows) {
    "== $Title =="
    $columns = foreach ($name in $Rows[0].PSObject.Properties.Name) {
        if ($name -eq 'Machine') { $name } else { @{ Name = $name; Expression = [scriptblock]::Create("`$_.'$name'"); Alignment = 'Right' } }
    }
    ($Rows | Format-Table -Property $columns -AutoSize | Out-String -Width $width).TrimEnd()
    ''
}

$runs = foreach ($pageSize in 4KB, 64KB) {
    foreach ($kernel in '5.8', '5.9') {
        foreach ($altmap in $false, $true) {
            $mode = if ($altmap) { 'map=dev' } else { 'map=mem' }
            $name = '{0}K {1} {2}' -f ($pageSize / 1KB), $kernel, $mode
            $machine = New-SimMachine -Name $name -PageSize $pageSize -KernelVersion $kernel
            $device = Add-DeviceMemory -Machine $machine -Name pmem0 -Start $deviceStart -Size $deviceSize -Altmap:$altmap -PassThru
            [pscustomobject]@{
                Machine = $machine
                Mode    = $mode
                Device  = $device
                Usage   = Measure-Vmemmap -Machine $machine | Where-Object Device -EQ 'pmem0'
                Altmap  = Get-VmemAltmap -Machine $machine
                Healthy = Test-SimMachine -Machine $machine
            }
        }
    }
}

"VmemmapPS showcase: one $(Format-Size $deviceSize) fsdax namespace at $(Format-Hex $deviceStart) per machine"
"(8 GiB of RAM at 0x40000000, VA_BITS 48, rodata_full; struct page = 64 bytes)"
"Machines are named <page size> <kernel> <nvdimm mode>."
''

Write-Table 'Where the struct pages of pmem0 live; what pmem0 costs in system RAM' ($runs | ForEach-Object {
        [pscustomobject][ordered]@{
            Machine    = $_.Machine.Name
            Vmemmap    = Format-Size $_.Usage.VmemmapBytes
            FromAltmap = Format-Size $_.Usage.VmemmapFromAltmapBytes
            FromRam    = Format-Size $_.Usage.VmemmapFromSystemRamBytes
            VmemmapPT  = Format-Size $_.Usage.VmemmapPageTableBytes
            LinearPT   = Format-Size $_.Usage.LinearMapPageTableBytes
            RamUsed    = Format-Size $_.Usage.SystemRamUsedBytes
        }
    })

'On 5.8, arm64 vmemmap_populate ignores the altmap: map=dev namespaces keep room'
'for their memmap on the device, yet the struct pages still come from system RAM.'
'5.9 maps them from the altmap. Page-table pages always come from system RAM, and'
'rodata_full makes the linear map of the namespace page granular (LinearPT).'
''

Write-Table 'vmem_altmap of the map=dev namespaces (counters in page frames)' ($runs | Where-Object Altmap | ForEach-Object {
        [pscustomobject][ordered]@{
            Machine  = $_.Machine.Name
            BasePfn  = Format-Hex $_.Altmap.BasePfn
            Reserve  = $_.Altmap.Reserve
            Free     = $_.Altmap.Free
            Align    = $_.Altmap.Align
            Alloc    = $_.Altmap.Alloc
            NextPfn  = Format-Hex $_.Altmap.NextPfn
            FreeLeft = $_.Altmap.FreeRemaining
        }
    })

Write-Table 'Namespace geometry and invariants' ($runs | ForEach-Object {
        [pscustomobject][ordered]@{
            Machine    = $_.Machine.Name
            Memmap     = $_.Device.MemmapLocation
            Align      = Format-Size $_.Device.Align
            Usable     = Format-Size $_.Device.UsableBytes
            NotUsable  = Format-Size ($_.Device.Size - $_.Device.UsableBytes)
            Invariants = if ($_.Healthy) { 'hold' } else { 'VIOLATED' }
        }
    })

# The same experiment, kept as a reproducible scenario file: one sweep row per combination.
$scenario = Join-Path $PSScriptRoot '../scenarios/showcase.yaml'
$run = @(Invoke-SimScenario -LiteralPath $scenario)
$sweep = @($run | Where-Object Kind -EQ 'Combination')
Write-Table 'scenarios/showcase.yaml: the same sweep, checked against its expectations' ($sweep | ForEach-Object {
        [pscustomobject][ordered]@{
            PageSize = Format-Size $_.PageSize
            Kernel   = $_.Kernel
            Memmap   = $_.Memmap
            Vmemmap  = Format-Size $_.VmemmapBytes
            FromRam  = Format-Size $_.FromRamBytes
            RamUsed  = Format-Size $_.RamUsedBytes
            Usable   = Format-Size $_.UsableBytes
            Checks   = '{0}/{1}' -f $_.Passed, $_.Checks
        }
    })
$failed = @($sweep | Where-Object { -not $_.Pass })
if ($failed.Count -gt 0 -or -not ($run | Where-Object Kind -EQ 'Summary').Pass) {
    "$($failed.Count) combination(s) of scenarios/showcase.yaml failed an expectation."
    exit 1
}
