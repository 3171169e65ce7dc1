<#
.SYNOPSIS
Runs the Pester suite against the built module; writes {Passed, Failed} to -SummaryPath. Called by build.ps1 in a
fresh pwsh process.
#>
param(
    [Parameter(Mandatory)] [string]$PesterPath,
    [Parameter(Mandatory)] [string]$ModulePath,
    [Parameter(Mandatory)] [string]$TestPath,
    [Parameter(Mandatory)] [string]$SummaryPath
)

$ErrorActionPreference = 'Stop'
$env:NO_COLOR = '1'
if (Get-Variable -Name PSStyle -ErrorAction SilentlyContinue) { $PSStyle.OutputRendering = 'PlainText' }
$env:VMEMMAPPS_MODULE_PATH = $ModulePath

Import-Module $PesterPath -Force
$config = New-PesterConfiguration
$config.Run.Path = $TestPath
$config.Run.PassThru = $true
$config.Output.Verbosity = 'Normal'
$config.Output.RenderMode = 'Plaintext'
$result = Invoke-Pester -Configuration $config

$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
@{ Passed = $result.PassedCount; Failed = $failed } | ConvertTo-Json | Set-Content -Path $SummaryPath
