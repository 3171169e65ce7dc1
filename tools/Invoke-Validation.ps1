<#
.SYNOPSIS
The real-kernel validation (build.ps1 -Task Validate): a fixed set of scenarios run on the simulator and on
Debian's newest 6.12 arm64 kernels (4K and 16K pages) under QEMU, compared row by row.

.DESCRIPTION
First the cached preparation (QEMU, dtc, the two kernel packages, the initramfs images), then one
Compare-SimKernel run per comparison in scenarios/validate. A comparison agrees when every row the simulator
has a value for agrees; rows it has no value for (none today) would be listed, not counted. A comparison
that misses only on RamUsedBytes, the reading user space disturbs, is booted once more and judged by that
second run; the first miss is still printed. Prints
each comparison's rows, every disagreement with its note, and ends with "Validate: N agreed, M disagreed".
Exit code 1 when any comparison disagrees or cannot run.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string]$ModulePath,
    [Parameter(Mandatory)] [string]$RepoRoot,
    # A Debian kernel series or release; the default is the newest 6.12 served.
    [string]$KernelPackage = '6.12',
    # Also run Compare-SimKernel's help examples (Pester, with VMEMMAPPS_REAL_KERNEL=1).
    [string]$PesterPath
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$env:NO_COLOR = '1'
if (Get-Variable -Name PSStyle -ErrorAction SilentlyContinue) { $PSStyle.OutputRendering = 'PlainText' }
$ProgressPreference = 'SilentlyContinue'

Import-Module (Resolve-Path -LiteralPath $ModulePath).Path
$validate = Join-Path $RepoRoot 'scenarios/validate'
$cache = [VmemmapPS.RealKernel.KernelPreparation]::DefaultCache()
$clock = [System.Diagnostics.Stopwatch]::StartNew()

# The separate, cached preparation: a second run finds everything in the cache and only checks it.
foreach ($page in '4K', '16K') {
    $script = Join-Path $ModulePath 'RealKernel/prepare-kernel.sh'
    & sh $script --cache $cache --package $KernelPackage --page $page | Select-Object -Last 1 | Write-Host
    if ($LASTEXITCODE -ne 0) { Write-Host "Validate: preparation of the $page kernel failed (exit code $LASTEXITCODE)"; exit 1 }
}
Write-Host ("prepared in {0:n0} s" -f $clock.Elapsed.TotalSeconds)

# The comparisons: file, extra Compare-SimKernel arguments, what it shows.
$comparisons = @(
    @{ File = 'fsdax-mapdev-2g-4k.yaml'; Args = @{} }
    @{ File = 'fsdax-mapmem-1g-4k.yaml'; Args = @{} }
    @{ File = 'devdax-mapdev-4g-4k.yaml'; Args = @{} }
    @{ File = 'devdax-mapmem-2g-4k.yaml'; Args = @{} }
    @{ File = 'enomem-mapdev-4k.yaml'; Args = @{} }
    @{ File = 'devdax-mapmem-2g-kmem-4k.yaml'; Args = @{ KmemDevice = 'pmem0'; MemmapOnMemory = $true } }
    @{ File = 'devdax-mapmem-2g-kmem-4k.yaml'; Args = @{ KmemDevice = 'pmem0'; MemmapOnMemory = $false } }
    @{ File = 'devdax-mapmem-2g-kmem-16k.yaml'; Args = @{ KmemDevice = 'pmem0'; MemmapOnMemory = $true } }
    @{ File = 'fsdax-mapdev-2g-16k.yaml'; Args = @{} }
    @{ File = 'devdax-mapmem-1g-16k.yaml'; Args = @{} }
    @{ File = 'oops-odd-start-16k.yaml'; Args = @{} }
)

$agreed = 0; $disagreed = 0
$notSimulated = [System.Collections.Generic.List[object]]::new()
$problems = [System.Collections.Generic.List[string]]::new()
$remeasured = [System.Collections.Generic.List[string]]::new()

# One boot of a comparison: its rows, those that miss, and the first error when it could not run.
function Invoke-Comparison($c) {
    $extra = $c.Args
    $errors = $null
    $rows = @(Compare-SimKernel -Path (Join-Path $validate $c.File) -KernelPackage $KernelPackage @extra -ErrorVariable errors -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
    [pscustomobject]@{ Rows = $rows; Misses = @($rows | Where-Object { $_.Compared -and -not $_.Agree }); Error = $errors | Select-Object -First 1 }
}

function Format-Miss($label, $r) { "$label step $($r.Step) $($r.Metric): simulated $($r.Simulated), real $($r.Real), tolerance $($r.Tolerance)" }

foreach ($c in $comparisons) {
    $extra = $c.Args
    $label = $c.File + $(if ($extra.ContainsKey('KmemDevice')) { " (kmem, memmap_on_memory=$([int][bool]$extra.MemmapOnMemory))" } else { '' })
    $started = $clock.Elapsed.TotalSeconds
    $run = Invoke-Comparison $c
    # The guest's RAM reading is the one noisy row: user space (ndctl, daxctl, the shell) allocates a few hundred
    # KiB now and then. A comparison that misses only there is booted once more; a simulator error misses twice.
    if (-not $run.Error -and $run.Misses.Count -gt 0 -and @($run.Misses | Where-Object Metric -ne 'RamUsedBytes').Count -eq 0) {
        foreach ($r in $run.Misses) { $remeasured.Add("$(Format-Miss $label $r), first run") }
        Write-Host "--- $label`: RamUsedBytes outside the tolerance; booting it once more"
        $run = Invoke-Comparison $c
    }

    $rows = $run.Rows
    $bad = $run.Misses
    Write-Host ("--- {0}: {1:n0} s" -f $label, ($clock.Elapsed.TotalSeconds - $started))
    if ($run.Error -or $rows.Count -eq 0) {
        $disagreed++
        $problems.Add("$label did not run: $($run.Error)")
        continue
    }

    $rows | Format-Table Step, Metric, Simulated, Real, Difference, Tolerance, @{ n = 'Agree'; e = { if (-not $_.Compared) { 'n/a' } elseif ($_.Agree) { 'yes' } else { 'NO' } } } |
        Out-String -Width 80 | Write-Host
    foreach ($r in @($rows | Where-Object { -not $_.Compared })) { $notSimulated.Add([pscustomobject]@{ Comparison = $label; Step = $r.Step; Metric = $r.Metric; Real = $r.Real; Note = $r.Note }) }
    if ($bad.Count -eq 0) { $agreed++ } else {
        $disagreed++
        foreach ($r in $bad) { $problems.Add("$(Format-Miss $label $r)$(if ($r.Note) { " - $($r.Note)" }) [$($r.Log)]") }
    }
}

if ($PesterPath) {
    $env:VMEMMAPPS_REAL_KERNEL = '1'
    $env:VMEMMAPPS_MODULE_PATH = $ModulePath
    Import-Module $PesterPath
    $config = New-PesterConfiguration
    $config.Run.Path = Join-Path $RepoRoot 'tests/Compare-SimKernel.Tests.ps1'
    $config.Run.PassThru = $true
    $config.Filter.FullName = '*help examples*'
    $config.Output.Verbosity = 'Normal'
    $result = Invoke-Pester -Configuration $config
    Write-Host ("help examples: {0} passed, {1} failed" -f $result.PassedCount, $result.FailedCount)
    if ($result.FailedCount -gt 0 -or $result.PassedCount -eq 0) { $problems.Add("Compare-SimKernel help examples: $($result.FailedCount) failed") }
}

if ($notSimulated.Count -gt 0) {
    Write-Host "Rows the simulator has no value for (reported, not counted):"
    $notSimulated | Format-Table Comparison, Step, Metric, Real -AutoSize | Out-String -Width 120 | Write-Host
    Write-Host "  why: $(@($notSimulated.Note | Sort-Object -Unique) -join '; ')"
}

foreach ($p in $remeasured) { Write-Host "RE-MEASURED (RAM noise; the table above is the second boot): $p" }
foreach ($p in $problems) { Write-Host "DISAGREES: $p" }
Write-Host ("total {0:n0} s" -f $clock.Elapsed.TotalSeconds)
Write-Host "Validate: $agreed agreed, $disagreed disagreed"
if ($disagreed -gt 0 -or $problems.Count -gt 0) { exit 1 }
