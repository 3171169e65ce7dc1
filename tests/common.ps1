# Dot-sourced by every *.Tests.ps1: imports the built module (out/VmemmapPS) once per process.
$modulePath = if ($env:VMEMMAPPS_MODULE_PATH) { $env:VMEMMAPPS_MODULE_PATH } else { Join-Path $PSScriptRoot '../out/VmemmapPS' }
if (-not (Get-Module VmemmapPS)) {
    Import-Module $modulePath -ErrorAction Stop
}
$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
