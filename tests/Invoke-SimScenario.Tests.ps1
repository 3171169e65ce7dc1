BeforeDiscovery {
    . $PSScriptRoot/common.ps1
    $examples = @(Get-HelpExample Invoke-SimScenario)
}

BeforeAll {
    . $PSScriptRoot/common.ps1
    $library = Join-Path $RepoRoot 'scenarios'
    $temp = Join-Path ([System.IO.Path]::GetTempPath()) ("invoke-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory $temp | Out-Null

    function New-ScenarioFile([string]$Name, [string]$Yaml) {
        $path = Join-Path $temp $Name
        Set-Content -LiteralPath $path -Value $Yaml -NoNewline
        $path
    }

    # A 16 GiB map=dev namespace on 4K: its memmap is 16G / 4K * 64 B = 256M, all of it from the altmap.
    $memmap = 16GB / 4KB * $StructPageSize
    $simple = New-ScenarioFile 'simple.yaml' @"
name: simple
description: one namespace
machine: { pageSize: 4K, kernel: "6.6" }
devices:
  - { name: pmem0, type: FsDax, start: $('0x{0:X}' -f $DeviceStart), size: 16G, memmap: dev }
steps:
  - add: pmem0
    expect:
      usage.pmem0.vmemmapFromAltmapBytes: $memmap
      usage.pmem0.vmemmapFromSystemRamBytes: 0
  - remove: pmem0
    expect:
      systemRamFree: { since: boot, value: 0 }
"@
}

AfterAll {
    Remove-Item -Recurse -Force $temp -ErrorAction SilentlyContinue
}

Describe 'Invoke-SimScenario' {
    Context 'contract' {
        It 'has the contract parameters' {
            Get-DeclaredParameter Invoke-SimScenario | Should -Be (@('Path', 'LiteralPath', 'InputObject', 'Set', 'Detailed') | Sort-Object)
        }

        It 'declares its output types' {
            (Get-Command Invoke-SimScenario).OutputType.Type | Should -Contain ([VmemmapPS.Core.Scenarios.ScenarioResult])
        }
    }

    Context 'a scenario' {
        It 'emits one row per step and per expectation, then a summary' {
            $rows = @(Invoke-SimScenario -Path $simple)
            $rows.Kind | Should -Be @('Step', 'Expectation', 'Expectation', 'Step', 'Expectation', 'Summary')
            $rows[0].Name | Should -Be 'add pmem0'
            $rows[1].Name | Should -Be 'usage.pmem0.vmemmapFromAltmapBytes'
            $rows[1].Expected | Should -Be "$memmap"
            $rows[1].Actual | Should -Be $memmap
            $rows[1].ActualText | Should -Be '256M'
            $rows[4].Expected | Should -Be '0 since boot'
            $rows | ForEach-Object { $_.Pass | Should -BeTrue }
            $rows[-1].Actual | Should -Be '5 passed, 0 failed'
        }

        It 'reports a failed expectation with expected, actual and position' {
            $rows = @(Invoke-SimScenario -Path $simple -Set @{ 'devices.pmem0.memmap' = 'mem' })
            $bad = $rows | Where-Object { -not $_.Pass }
            $bad.Name | Should -Be @('usage.pmem0.vmemmapFromAltmapBytes', 'usage.pmem0.vmemmapFromSystemRamBytes', 'simple')
            $bad[0].Actual | Should -Be 0
            $bad[0].Line | Should -Be 9
            $rows[-1].Pass | Should -BeFalse
        }

        It 'runs scenarios piped from Import-SimScenario, with -Set' {
            $rows = @(Import-SimScenario -Path $simple | Invoke-SimScenario -Set @{ 'machine.pageSize' = '64K' })
            # 64K: 16G / 64K * 64 B = 16M, now the expected 256M fails.
            ($rows | Where-Object Name -EQ 'usage.pmem0.vmemmapFromAltmapBytes').Actual | Should -Be (16GB / 64KB * $StructPageSize)
        }

        It 'treats an unexpected kernel failure as a failed step' {
            $file = New-ScenarioFile 'enomem.yaml' @"
machine: { pageSize: 4K, kernel: "5.8", nodes: [ { id: 0, ram: [ { start: 0x40000000, size: 1G } ] } ] }
devices: [ { name: pmem0, start: $('0x{0:X}' -f $DeviceStart), size: 256G, memmap: dev } ]
steps: [ { add: pmem0 } ]
"@
            $rows = @(Invoke-SimScenario -Path $file)
            $rows[0].Pass | Should -BeFalse
            $rows[0].ActualText | Should -BeLike '-12 (ENOMEM)*'
        }

        It 'runs no step of a file that fails validation' {
            $file = New-ScenarioFile 'invalid.yaml' "devices: [ { name: pmem0, start: 0x1000000000, size: 1G } ]`nsteps:`n  - add: pmem0`n  - remove: pmem1`n"
            Invoke-SimScenario -Path $file -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -Be 'ScenarioValidationFailed,VmemmapPS.Commands.InvokeSimScenarioCommand'
            $err[0].Exception.Message | Should -BeLike "${file}:4:13: *pmem1*"
        }

        It 'reports a missing file as ScenarioFileNotFound' {
            Invoke-SimScenario -Path (Join-Path $temp 'none.yaml') -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -BeLike 'ScenarioFileNotFound,*'
            $err[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ObjectNotFound)
        }
    }

    Context 'pipeline and progress' {
        It 'takes paths and Get-ChildItem files from the pipeline' {
            @($simple | Invoke-SimScenario)[-1].Scenario | Should -Be 'simple'
            @(Get-Item $simple | Invoke-SimScenario)[-1].Pass | Should -BeTrue
        }

        It 'reports progress per step and closes the bar' {
            $records = Get-ProgressRecord "Invoke-SimScenario -LiteralPath '$simple'" 'Scenario simple'
            $records.StatusDescription | Should -Contain 'step 1/2: add pmem0 (0/2)'
            $records.StatusDescription | Should -Contain 'step 2/2: remove pmem0 (1/2)'
            $records[-1].RecordType | Should -Be 'Completed'
        }
    }

    Context 'sweeps' {
        BeforeAll {
            $sweep = Join-Path $library 'vmemmap-64-bytes-per-page.yaml'
        }

        It 'emits one flat row per combination with the axes and report columns, then the sweep''s summary' {
            $all = @(Invoke-SimScenario -Path $sweep)
            $all.Kind | Should -Be @('Combination', 'Combination', 'Combination', 'Summary')
            $rows = $all[0..2]
            $rows[0].PSObject.TypeNames[0] | Should -Be 'VmemmapPS.ScenarioSweepRow'
            $all[3].Combination | Should -Be 0
            $all[3].ActualText | Should -Be '3 passed, 0 failed'
            $rows.PageSize | Should -Be @(4KB, 16KB, 64KB)
            # 1T * 64 / PAGE_SIZE per granule
            $rows.VmemmapBytes | Should -Be @((1TB / 4KB * 64), (1TB / 16KB * 64), (1TB / 64KB * 64))
            $rows.Pass | Should -Be @($true, $true, $true)
        }

        It 'round-trips through Export-Csv with the same columns' {
            $csv = Join-Path $temp 'sweep.csv'
            Invoke-SimScenario -Path $sweep | Where-Object Kind -EQ 'Combination' | Export-Csv -LiteralPath $csv
            $back = Import-Csv -LiteralPath $csv
            $back[0].PSObject.Properties.Name | Should -Be @('Scenario', 'Kind', 'Combination', 'PageSize', 'VmemmapBytes', 'VmemmapTableBytes', 'Checks', 'Passed', 'Failed', 'Pass', 'FirstFailure')
            $back[2].VmemmapBytes | Should -Be "$(1TB / 64KB * 64)"
        }

        It 'pins a swept axis with -Set' {
            $rows = @(Invoke-SimScenario -Path $sweep -Set @{ 'machine.pageSize' = '16K' })
            # No longer a sweep: step rows and one summary, and only the 16K 'when' step is left.
            @($rows | Where-Object Kind -EQ 'Summary').Count | Should -Be 1
            @($rows | Where-Object Kind -EQ 'Step').Name | Should -Be @('add cxl0', '16K - 4G per TiB in 16K pages')
            $rows | ForEach-Object { $_.Pass | Should -BeTrue }
        }

        It 'emits every combination''s rows with -Detailed' {
            $rows = @(Invoke-SimScenario -Path $sweep -Detailed)
            $rows | ForEach-Object { $_ | Should -BeOfType ([VmemmapPS.Core.Scenarios.ScenarioResult]) }
            ($rows | Where-Object Kind -EQ 'Summary').Combination | Should -Be @(1, 2, 3, 0)
        }

        It 'a failing combination fails the sweep''s summary, so a gate on Kind -eq Summary catches it' {
            $failing = Join-Path $temp 'failing-sweep.yaml'
            Set-Content -LiteralPath $failing -Value @'
name: failing-sweep
devices: [ { name: cxl0, type: Generic, start: 0x1000000000, size: 16G, memmap: mem } ]
steps:
  - add: cxl0
    expect: { usage.cxl0.vmemmapBytes: 256M }
sweep:
  machine.pageSize: [4K, 64K]
'@
            $summary = @(Invoke-SimScenario -Path $failing | Where-Object Kind -EQ 'Summary')
            $summary.Count | Should -Be 1
            $summary[0].Pass | Should -BeFalse
            $summary[0].ActualText | Should -Be '1 passed, 1 failed'
            $summary[0].Message | Should -BeLike 'combination 2 (PageSize=64K*'
            # 16G / 4K * 64 = 256M passes; 16G / 64K * 64 = 16M does not. Checks counts the step and its expectation.
            $rows = @(Invoke-SimScenario -Path $failing | Where-Object Kind -EQ 'Combination')
            $rows.Checks | Should -Be @(2, 2)
            $rows.Failed | Should -Be @(0, 1)
        }

        It 'every library file gives exactly one summary per run' -ForEach @(Get-ChildItem (Join-Path $PSScriptRoot '../scenarios') -Filter *.yaml | ForEach-Object { @{ File = $_.FullName; Leaf = $_.Name } }) {
            @(Invoke-SimScenario -LiteralPath $File | Where-Object Kind -EQ 'Summary').Count | Should -Be 1
        }

        It 'shows sweep rows as a table with the columns that vary' {
            $text = Invoke-SimScenario -Path $sweep | Where-Object Kind -EQ 'Combination' | Format-Table | Out-String -Width 120
            $header = @($text -split "`r?`n" | Where-Object { $_ -match '^\s*Combination\b' })
            $header.Count | Should -Be 1
            $header[0] | Should -Match 'Values.*Checks.*Pass'
            $text | Should -Match 'PageSize=4K'
            $text | Should -Match 'PageSize=64K'
            $text | Should -Match ([regex]::Escape("VmemmapBytes=$([VmemmapPS.Core.Units.ByteSize]::FormatCompact(1TB / 64KB * 64))"))
        }
    }

    Context 'determinism' {
        It 'gives byte-identical ConvertTo-Json output for the same file' {
            $file = Join-Path $library 'pmem-fsdax-mapdev-vs-mapmem.yaml'
            $first = Invoke-SimScenario -Path $file | ConvertTo-Json -Depth 3
            $second = Invoke-SimScenario -Path $file | ConvertTo-Json -Depth 3
            $second | Should -BeExactly $first
        }

        It 'gives byte-identical sweep rows' {
            $file = Join-Path $library 'showcase.yaml'
            (Invoke-SimScenario -Path $file | ConvertTo-Json) | Should -BeExactly (Invoke-SimScenario -Path $file | ConvertTo-Json)
        }
    }

    Context 'help' {
        It 'example "<Title>" runs' -ForEach $examples {
            Invoke-HelpExample $Code
        }
    }
}
