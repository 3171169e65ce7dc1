<#
.SYNOPSIS
Builds, tests and runs VmemmapPS.

.DESCRIPTION
Build: compiles the solution and lays out the module in out/VmemmapPS (manifest, bin/, format/type files, help).
Test:  Build, then the xunit suite, then the Pester suite in a fresh pwsh process (a binary module cannot be
       unloaded). The last line is "Tests: N passed, M failed", summing both suites.
Run:   Build, then the showcase session (tools/Invoke-Showcase.ps1), printed as tables.
Fuzz:  Build, then the fuzz campaign (not part of Test): 100,000 random core operations and 5,000 mutated
       scenario files (xunit tests with the FuzzCampaign trait), then the cmdlet-argument fuzzer in a fresh pwsh
       (tools/Invoke-CmdletFuzz.ps1). -FuzzSeconds is the time budget of each part. Crashing files are kept in
       out/fuzz-crashes; copy them to tests/fuzz-regressions once fixed. The numbers are printed at the end.
Validate: Build, then the real-kernel comparisons (tools/Invoke-Validation.ps1): the scenarios in
       scenarios/validate on Debian's newest 6.12 arm64 kernels (4K and 16K) under QEMU against the simulator,
       and Compare-SimKernel's help examples. Needs Linux with apt (as root) or the tools and kernels cached.
       The last line is "Validate: N agreed, M disagreed".
Mutate: Stryker.NET (a local dotnet tool) mutates src/VmemmapPS.Core (all of it, or the files and folders given
       to -Mutate, e.g. -Mutate Mm,Arch/Arm64) and runs the core's xunit tests except the fuzzers against every
       mutant, each only with the tests that cover it. Slow (the whole core is hours on two cores; Mm and
       Arch/Arm64 about half an hour); not part of Test. Reports land in out/mutation.

.EXAMPLE
dotnet tool restore && dotnet pwsh -NoProfile -File build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Run', 'Fuzz', 'Validate', 'Mutate')]
    [string]$Task = 'Build',

    # Time budget of each fuzz part (core operations, scenario files, cmdlet arguments), in seconds.
    [int]$FuzzSeconds = 1200,

    # Mutate only: files or folders under src/VmemmapPS.Core to mutate (Mm, Arch/Arm64/VmemmapPopulate.cs); all of it when empty.
    [string[]]$Mutate = @(),

    # Mutate only: mutants tested at the same time.
    [ValidateRange(1, 16)]
    [int]$Concurrency = 2,

    [ValidateSet('Debug', 'Release')]
    [string]$Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$env:NO_COLOR = '1'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
if (Get-Variable -Name PSStyle -ErrorAction SilentlyContinue) { $PSStyle.OutputRendering = 'PlainText' }

$root = $PSScriptRoot
$moduleOut = Join-Path $root 'out/VmemmapPS'

function Invoke-Native {
    param([string]$File, [string[]]$Arguments)
    & $File @Arguments
    if ($LASTEXITCODE -ne 0) { throw "'$File $($Arguments -join ' ')' failed with exit code $LASTEXITCODE" }
}

# pwsh is a local dotnet tool, so a child pwsh is started through 'dotnet pwsh' from the repository root.
function Invoke-FreshPwsh {
    param([string]$Script)
    Push-Location $root
    try { & dotnet pwsh -NoProfile -NonInteractive -File $Script @args }
    finally { Pop-Location }
}

function Invoke-Build {
    Invoke-Native dotnet @('build', (Join-Path $root 'VmemmapPS.sln'), '-c', $Configuration, '-nologo', '-v', 'quiet', '-clp:ErrorsOnly')

    if (Test-Path $moduleOut) { Remove-Item -Recurse -Force $moduleOut }
    $bin = New-Item -ItemType Directory -Force (Join-Path $moduleOut 'bin')
    $deps = New-Item -ItemType Directory -Force (Join-Path $bin 'dependencies')
    $cmdletBin = Join-Path $root "src/VmemmapPS/bin/$Configuration/netstandard2.0"

    # Our own assemblies next to the root module; third-party ones isolated in bin/dependencies (see ModuleInitializer).
    foreach ($name in 'VmemmapPS.dll', 'VmemmapPS.Core.dll') {
        Copy-Item (Join-Path $cmdletBin $name) $bin
    }
    Copy-Item (Join-Path $cmdletBin 'YamlDotNet.dll') $deps

    Copy-Item (Join-Path $root 'VmemmapPS.psd1') $moduleOut
    Get-ChildItem (Join-Path $root 'module') | Where-Object Name -ne 'help' | Copy-Item -Destination $moduleOut -Recurse

    # In a fresh process: the help builder imports the laid-out module to read the cmdlets' parameter metadata.
    $helpBuilder = Join-Path $root 'tools/Build-Help.ps1'
    if (Test-Path $helpBuilder) {
        Invoke-FreshPwsh $helpBuilder -SourcePath (Join-Path $root 'module/help/en-US') -OutputPath (Join-Path $moduleOut 'en-US') | Out-Host
        if ($LASTEXITCODE -ne 0) { throw "Building the help failed (exit code $LASTEXITCODE)" }
    }
    Write-Host "Module laid out in $moduleOut"
}

function Get-PesterModulePath {
    Invoke-Native dotnet @('restore', (Join-Path $root 'tools/PesterRestore/PesterRestore.csproj'), '-nologo', '-v', 'quiet')
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else {
        ((& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', '').Trim()
    }
    $psd1 = Join-Path $packages 'pester/5.7.1/tools/Pester.psd1'
    if (-not (Test-Path $psd1)) { throw "Pester 5.7.1 was not restored to $psd1" }
    $psd1
}

function Invoke-UnitTests {
    $results = Join-Path $root 'out/TestResults'
    if (Test-Path $results) { Remove-Item -Recurse -Force $results }
    $project = Join-Path $root 'tests/VmemmapPS.Core.Tests/VmemmapPS.Core.Tests.csproj'
    # The long fuzz campaign has its own task.
    & dotnet test $project -c $Configuration --no-build -nologo --filter 'Category!=FuzzCampaign' --logger 'trx;LogFileName=xunit.trx' --logger 'console;verbosity=minimal' --results-directory $results | Out-Host
    $trx = Join-Path $results 'xunit.trx'
    if (-not (Test-Path $trx)) { return @{ Passed = 0; Failed = 1 } }
    [xml]$doc = Get-Content -Raw $trx
    $counters = $doc.TestRun.ResultSummary.Counters
    @{ Passed = [int]$counters.passed; Failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout }
}

function Invoke-PesterTests {
    $pester = Get-PesterModulePath
    $summary = Join-Path $root 'out/TestResults/pester-summary.json'
    New-Item -ItemType Directory -Force (Split-Path $summary) | Out-Null
    # A fresh process: the binary module under test cannot be unloaded from this one.
    Invoke-FreshPwsh (Join-Path $root 'tools/Invoke-PesterTests.ps1') -PesterPath $pester -ModulePath $moduleOut -TestPath (Join-Path $root 'tests') -SummaryPath $summary | Out-Host
    if (-not (Test-Path $summary)) { return @{ Passed = 0; Failed = 1 } }
    $s = Get-Content -Raw $summary | ConvertFrom-Json
    @{ Passed = [int]$s.Passed; Failed = [int]$s.Failed }
}

function Invoke-FuzzCampaign {
    $report = Join-Path $root 'out/fuzz-report.txt'
    $crashes = Join-Path $root 'out/fuzz-crashes'
    Remove-Item -Force -ErrorAction SilentlyContinue $report
    $env:VMEMMAPPS_FUZZ_OPS = '100000'
    $env:VMEMMAPPS_FUZZ_FILES = '5000'
    $env:VMEMMAPPS_FUZZ_SECONDS = "$FuzzSeconds"
    $env:VMEMMAPPS_FUZZ_REPORT = $report
    $env:VMEMMAPPS_FUZZ_CRASHES = $crashes
    $project = Join-Path $root 'tests/VmemmapPS.Core.Tests/VmemmapPS.Core.Tests.csproj'
    & dotnet test $project -c $Configuration --no-build -nologo --filter 'Category=FuzzCampaign' --logger 'console;verbosity=minimal' | Out-Host
    $coreFailed = $LASTEXITCODE -ne 0
    Invoke-FreshPwsh (Join-Path $root 'tools/Invoke-CmdletFuzz.ps1') -ModulePath $moduleOut -Invocations 5000 -Seconds $FuzzSeconds -ReportPath $report | Out-Host
    $cmdletFailed = $LASTEXITCODE -ne 0
    if (Test-Path $report) { Get-Content $report | ForEach-Object { Write-Host "Fuzz $_" } }
    if ($coreFailed -or $cmdletFailed) { throw 'The fuzz campaign found a crash or missed its targets (see above).' }
}

# Stryker.NET over VmemmapPS.Core; the score and the surviving mutants are in out/mutation/reports.
function Invoke-MutationTests {
    $output = Join-Path $root 'out/mutation'
    $core = Join-Path $root 'src/VmemmapPS.Core'
    # The fuzzers are random and cover nearly every mutant, so they would dominate the run without telling which test is missing.
    # Release: the mutated core and its tests run about twice as fast as Debug. 'dots' shows progress in a log too.
    $arguments = @('stryker', '--project', 'VmemmapPS.Core.csproj', '--concurrency', "$Concurrency", '--skip-version-check',
        '--configuration', $Configuration,
        '--test-case-filter', 'Category!=FuzzCampaign&FullyQualifiedName!~VmemmapPS.Core.Tests.Fuzz',
        '--reporter', 'dots', '--reporter', 'cleartext', '--reporter', 'html', '--reporter', 'json', '--reporter', 'markdown', '--output', $output)
    # 'pwsh -File' passes -Mutate Mm,Arch/Arm64 as one string.
    foreach ($path in $Mutate -split ',' | Where-Object { $_ }) {
        $relative = $path.Replace('\', '/').Trim('/')
        $full = Join-Path $core $relative
        if (-not (Test-Path $full)) { throw "-Mutate '$path': no such file or folder under src/VmemmapPS.Core." }
        $glob = if (Test-Path $full -PathType Container) { "**/$relative/**/*.cs" } else { "**/$relative" }
        $arguments += @('--mutate', $glob)
    }
    Push-Location (Join-Path $root 'tests/VmemmapPS.Core.Tests')
    try { Invoke-Native dotnet $arguments }
    finally { Pop-Location }
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Fuzz' {
        Invoke-Build
        Invoke-FuzzCampaign
    }
    'Run' {
        Invoke-Build
        Invoke-FreshPwsh (Join-Path $root 'tools/Invoke-Showcase.ps1') -ModulePath $moduleOut
        if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
    }
    'Validate' {
        Invoke-Build
        Invoke-FreshPwsh (Join-Path $root 'tools/Invoke-Validation.ps1') -ModulePath $moduleOut -RepoRoot $root -PesterPath (Get-PesterModulePath)
        if ($LASTEXITCODE -ne 0) { exit $LASTEXITCODE }
    }
    'Mutate' { Invoke-MutationTests }
    'Test' {
        Invoke-Build
        $unit = Invoke-UnitTests
        Write-Host "xunit: $($unit.Passed) passed, $($unit.Failed) failed"
        $pester = Invoke-PesterTests
        Write-Host "Pester: $($pester.Passed) passed, $($pester.Failed) failed"
        $passed = $unit.Passed + $pester.Passed
        $failed = $unit.Failed + $pester.Failed
        Write-Host "Tests: $passed passed, $failed failed"
        if ($failed -gt 0) { exit 1 }
    }
}
