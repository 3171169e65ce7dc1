<#
.SYNOPSIS
Cmdlet-argument fuzzer: random invocations of every VmemmapPS cmdlet with hostile argument values.

.DESCRIPTION
Run in a fresh pwsh (build.ps1 -Task Fuzz does). Each invocation picks a cmdlet, a random subset of its
parameters and a value for each from a pool of what users and scripts get wrong (empty, null, wildcards that do
not parse, negative, huge, NaN, fractional sizes, names with newlines, reserved words, wrong object types, arrays).
Every outcome must be one of: success, a parameter-binding or validation error from PowerShell, or a VmemmapPS
error record whose id is one of the module's failure kinds. Anything else (a .NET exception surfacing with category
NotSpecified, an unknown error id) is a crash: it is printed with the invocation that caused it and the script
exits 1. The seed makes a run reproducible.
#>
param(
    [Parameter(Mandatory)] [string]$ModulePath,
    [int]$Invocations = 2000,
    [int]$Seconds = 300,
    [int]$Seed = 20261201,
    [string]$ReportPath
)

$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'
Import-Module $ModulePath
$random = [System.Random]::new($Seed)
$scratch = Join-Path ([System.IO.Path]::GetTempPath()) "vmemmapps-cmdlet-fuzz-$Seed"
New-Item -ItemType Directory -Force -Path $scratch | Out-Null
$library = Join-Path $PSScriptRoot '../scenarios'

$kinds = [enum]::GetNames([VmemmapPS.Core.Errors.FailureKind])
$machine = New-SimMachine -Name fuzz-base -Force
Add-DeviceMemory -Machine $machine -Name pmem0 -Start 0x1000000000 -Size 16GB -Altmap
$device = Get-DeviceMemory -Machine $machine

$pool = @(
    $null, '', ' ', '*', 'pmem[', 'pmem0', 'PMEM0', 'all', 'bad name', "a`nb", ('x' * 70), 'sim0', 'fuzz-base',
    0, 1, -1, 2, 7, 42, 0x80000000, [int]::MinValue, [long]::MaxValue, [uint64]::MaxValue, 1.5, -0.5, 1e30,
    [double]::NaN, [double]::PositiveInfinity, '1.5T', '64G', '0x1000000000', '-1', 'NaN', '4K', '16K', '64K', 4KB, 64KB,
    8KB, 2MB, 1GB, 16GB, 1TB, 0x1000000000, 0xFFFFFFFFFFFF0000u, $true, $false, @(), @(1, 2), @('pmem0', 'pmem['),
    @{ 'machine.pageSize' = '64K' }, @{ 'nosuch.key' = 1 }, @{ '' = 1 }, [pscustomobject]@{ Machine = 'x'; Name = 'y' },
    '5.8', '5.9', '6.6', '4.19', 'Linear', 'Vmemmap', 'FsDax', 'Generic', 'Private', 'Nope'
)

function Get-Value {
    param([string]$Parameter, [string]$Command)
    switch -Regex ($Parameter) {
        '^(Path|LiteralPath)$' {
            # Only readers get the library; a writer (Export-SimScenario) must never write into the repository.
            $choices = @((Join-Path $scratch 'out.yaml'), (Join-Path $scratch 'missing/none.yaml'), (Join-Path $scratch '['),
                (Join-Path $scratch '*.yaml'), '', $null)
            if ($Command -ne 'Export-SimScenario') { $choices += (Join-Path $library '*.yaml'), (Join-Path $library 'invalid/*.yaml') }
            return $choices[$random.Next($choices.Count)]
        }
        '^Machine$' { if ($random.Next(3) -gt 0) { return $machine.Clone() } }
        '^InputObject$' { if ($random.Next(2) -eq 0) { return $device } }
    }
    $pool[$random.Next($pool.Count)]
}

$cmdlets = @(Get-Command -Module VmemmapPS)
$common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
$clock = [System.Diagnostics.Stopwatch]::StartNew()
$outcomes = @{ Success = 0; Binding = 0; ModuleError = 0 }
$crashes = [System.Collections.Generic.List[string]]::new()
$offVocabulary = @{}
$n = 0
for (; $n -lt $Invocations -and $clock.Elapsed.TotalSeconds -lt $Seconds; $n++) {
    $command = $cmdlets[$random.Next($cmdlets.Count)]
    $names = @($command.Parameters.Keys | Where-Object { $_ -notin $common })
    $arguments = @{}
    foreach ($name in $names) {
        if ($random.Next(3) -eq 0) { $arguments[$name] = Get-Value $name $command.Name }
    }
    if ($command.Parameters.ContainsKey('Confirm')) { $arguments['Confirm'] = $false }
    $shown = ($arguments.GetEnumerator() | Sort-Object Key | ForEach-Object { "-$($_.Key) $(if ($null -eq $_.Value) { '$null' } else { "'$($_.Value)'" })" }) -join ' '
    $errors = @()
    try {
        $null = & $command @arguments -ErrorAction SilentlyContinue -ErrorVariable +errors 2>&1 | Out-String
    }
    catch {
        $errors += $_
    }

    if ($errors.Count -eq 0) { $outcomes.Success++; continue }
    foreach ($item in $errors) {
        # -ErrorVariable can hold the exception of a terminating error rather than its record.
        $record = if ($item -is [System.Management.Automation.ErrorRecord]) { $item }
            elseif ($item -is [System.Management.Automation.IContainsErrorRecord]) { $item.ErrorRecord }
            else { [System.Management.Automation.ErrorRecord]::new([Exception]"$item", 'UnknownErrorObject', 'NotSpecified', $null) }
        $id = ($record.FullyQualifiedErrorId -split ',')[0]
        $binding = $record.Exception -is [System.Management.Automation.ParameterBindingException] -or
            $id -match '^(ParameterArgument|ParameterBinding|MissingMandatory|NamedParameterNotFound|AmbiguousParameterSet|InputObjectNotBound|CannotConvertArgument|ParameterArgumentTransformationError|ParameterArgumentValidationError|PositionalParameterNotFound|MissingArgument|GetDynamicParametersException|ParameterAlreadyBound|CannotConvertArgumentNoMessage)'
        if ($binding) { $outcomes.Binding++ }
        elseif ($id -in $kinds) { $outcomes.ModuleError++ }
        elseif ($record.CategoryInfo.Category -ne 'NotSpecified' -and $id -ne 'RuntimeException') {
            # A deliberate error with its own id that is not (yet) one of the failure kinds: listed, not a crash.
            $offVocabulary[$id] = $true
            $outcomes.ModuleError++
        }
        else { $crashes.Add("$($command.Name) $shown -> $($record.FullyQualifiedErrorId) [$($record.CategoryInfo.Category)] $($record.Exception.GetType().Name): $($record.Exception.Message)") }
    }
}

$line = "cmdlets: $n invocations in $([int]$clock.Elapsed.TotalSeconds) s ($($outcomes.Success) succeeded, $($outcomes.Binding) binding errors, $($outcomes.ModuleError) module errors), $($crashes.Count) crash(es)"
if ($offVocabulary.Count) { $line += "; error ids outside FailureKind: $(($offVocabulary.Keys | Sort-Object) -join ', ')" }
$line
if ($ReportPath) { Add-Content -LiteralPath $ReportPath -Value $line }
$crashes | Select-Object -First 30 | ForEach-Object { "CRASH: $_" }
if ($crashes.Count -gt 0) { exit 1 }
