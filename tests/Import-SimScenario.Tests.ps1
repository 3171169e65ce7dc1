BeforeDiscovery {
    . $PSScriptRoot/common.ps1
    $examples = @(Get-HelpExample Import-SimScenario)
}

BeforeAll {
    . $PSScriptRoot/common.ps1
    $library = Join-Path $RepoRoot 'scenarios'
    $pmem = Join-Path $library 'pmem-fsdax-mapdev-vs-mapmem.yaml'
    $temp = Join-Path ([System.IO.Path]::GetTempPath()) ("import-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory $temp | Out-Null

    function New-ScenarioFile([string]$Name, [string]$Yaml) {
        $path = Join-Path $temp $Name
        Set-Content -LiteralPath $path -Value $Yaml -NoNewline
        $path
    }
}

AfterAll {
    Remove-Item -Recurse -Force $temp -ErrorAction SilentlyContinue
}

Describe 'Import-SimScenario' {
    Context 'contract' {
        It 'has the contract parameters' {
            Get-DeclaredParameter Import-SimScenario | Should -Be (@('Path', 'LiteralPath', 'Set') | Sort-Object)
        }

        It 'declares its output type' {
            (Get-Command Import-SimScenario).OutputType.Type | Should -Be ([VmemmapPS.Core.Scenarios.Scenario])
        }
    }

    Context 'reading' {
        It 'emits the validated scenario with its machine, devices and steps' {
            $s = Import-SimScenario -Path $pmem
            $s.Name | Should -Be 'pmem-fsdax-mapdev-vs-mapmem'
            $s.Path | Should -Be $pmem
            $s.Machine.PageSize | Should -Be 4KB
            $s.Machine.KernelVersion | Should -Be '6.6'
            $s.Devices.Name | Should -Be @('pmem0', 'pmem1')
            $s.Devices[0].Size | Should -Be 16GB
            $s.Devices[0].Altmap | Should -BeTrue
            $s.Devices[1].Altmap | Should -BeFalse
            $s.Steps[0].Kind | Should -Be ([VmemmapPS.Core.Scenarios.ScenarioStepKind]::Add)
            $s.ExpectationCount | Should -BeGreaterThan 0
        }

        It 'resolves wildcards and reads every file, sorted' {
            $all = @(Import-SimScenario -Path (Join-Path $library '*.yaml'))
            $all.Count | Should -Be @(Get-ChildItem $library -Filter *.yaml).Count
            $all.Name | Should -Be ($all.Name | Sort-Object)
        }

        It 'binds files from Get-ChildItem by property name' {
            $all = @(Get-ChildItem $library -Filter 'pmem-*.yaml' | Import-SimScenario)
            $all.Name | Should -Be @('pmem-64g', 'pmem-fsdax-mapdev-vs-mapmem')
        }

        It 'binds path strings from the pipeline' {
            ($pmem | Import-SimScenario).Name | Should -Be 'pmem-fsdax-mapdev-vs-mapmem'
        }

        It 'applies -Set on top of the file' {
            $s = Import-SimScenario -Path $pmem -Set @{ 'machine.pageSize' = '64K'; 'devices.pmem0.size' = 1TB }
            $s.Machine.PageSize | Should -Be 64KB
            $s.Devices[0].Size | Should -Be 1TB
            $s.Overrides.Key | Should -Be @('devices.pmem0.size', 'machine.pageSize')
        }

        It 'expands sweeps: one axis per swept path' {
            $s = Import-SimScenario -Path (Join-Path $library 'sweep-ram-cost-table.yaml')
            $s.IsSweep | Should -BeTrue
            $s.Sweep.Path | Should -Be @('machine.pageSize', 'devices.pmem0.size', 'devices.pmem0.memmap')
            $s.Sweep.Column | Should -Be @('PageSize', 'Size', 'Memmap')
            $s.RunCount | Should -Be (3 * 3 * 2)
        }
    }

    Context 'errors' {
        It 'reports a missing file as ScenarioFileNotFound (ObjectNotFound)' {
            $missing = Join-Path $temp 'missing.yaml'
            Import-SimScenario -Path $missing -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -Be 'ScenarioFileNotFound,VmemmapPS.Commands.ImportSimScenarioCommand'
            $err[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ObjectNotFound)
            $err[0].TargetObject | Should -Be $missing
        }

        It 'reports validation errors with file, line and column (InvalidData, target = path)' {
            $file = New-ScenarioFile 'bad.yaml' "devices:`n  - name: pmem0`n    start: 0x400000000`n    size: 16Q`nsteps: []`n"
            Import-SimScenario -Path $file -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -Be 'ScenarioValidationFailed,VmemmapPS.Commands.ImportSimScenarioCommand'
            $err[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::InvalidData)
            $err[0].TargetObject | Should -Be $file
            $err[0].Exception.Message | Should -BeLike "${file}:4:11: *16Q*"
        }

        It 'refuses YAML tags as ScenarioParseFailed' {
            $file = New-ScenarioFile 'tag.yaml' "name: !!python/object:os.system x`nsteps: []`n"
            Import-SimScenario -Path $file -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'ScenarioParseFailed,*'
            $err[0].Exception.First.Code | Should -Be 'TagRefused'
            ($err[0].Exception.First.Line, $err[0].Exception.First.Column) | Should -Be @(1, 7)
        }

        It 'reports a bad -Set value against the override' {
            Import-SimScenario -Path $pmem -Set @{ 'machine.pageSize' = '8K' } -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err[0].Exception.First.File | Should -Be "-Set 'machine.pageSize'"
            $err[0].Exception.First.Code | Should -Be 'BadValue'
        }

        It 'goes on with the next file after a bad one' {
            $bad = New-ScenarioFile 'bad2.yaml' "steps: [ { add: nothing } ]`n"
            $out = @(Import-SimScenario -Path $bad, $pmem -ErrorVariable err -ErrorAction SilentlyContinue)
            $out.Name | Should -Be 'pmem-fsdax-mapdev-vs-mapmem'
            $err[0].Exception.First.Code | Should -Be 'DanglingDevice'
        }
    }

    Context 'help' {
        It 'example "<Title>" runs' -ForEach $examples {
            Invoke-HelpExample $Code
        }
    }
}
