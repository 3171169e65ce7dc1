BeforeDiscovery {
    . $PSScriptRoot/common.ps1
    $examples = @(Get-HelpExample Export-SimScenario)
}

BeforeAll {
    . $PSScriptRoot/common.ps1
    $temp = Join-Path ([System.IO.Path]::GetTempPath()) ("export-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory $temp | Out-Null
}

AfterAll {
    Get-ChildItem $temp -Recurse -File -ErrorAction SilentlyContinue | ForEach-Object { $_.IsReadOnly = $false }
    Remove-Item -Recurse -Force $temp -ErrorAction SilentlyContinue
}

Describe 'Export-SimScenario' {
    BeforeEach {
        $m = New-SimMachine -Name (New-TestMachineName) -PageSize 16KB -KernelVersion 6.6
        Add-DeviceMemory -Machine $m -Name pmem0 -Start $DeviceStart -Size 64GB -Altmap
        Add-DeviceMemory -Machine $m -Name cxl0 -Type Generic -Start ($DeviceStart + 64GB) -Size 64GB
        $file = Join-Path $temp ((New-TestMachineName 'f') + '.yaml')
    }

    Context 'contract' {
        It 'has the contract parameters' {
            Get-DeclaredParameter Export-SimScenario | Should -Be (@('Machine', 'Path', 'Force', 'NoClobber', 'PassThru', 'WhatIf', 'Confirm') | Sort-Object)
        }

        It 'declares its output type' {
            (Get-Command Export-SimScenario).OutputType.Type | Should -Be ([System.IO.FileInfo])
        }
    }

    Context 'writing' {
        It 'writes a scenario that reproduces the machine' {
            Export-SimScenario -Machine $m -Path $file | Should -BeNullOrEmpty
            $s = Import-SimScenario -Path $file
            $s.Machine.PageSize | Should -Be 16KB
            $s.Machine.KernelVersion | Should -Be '6.6'
            $s.Devices.Name | Should -Be @('pmem0', 'cxl0')
            $s.Devices[0].Altmap | Should -BeTrue
            $s.Devices[1].Type | Should -Be ([VmemmapPS.Core.DeviceType]::Generic)
            $rows = @(Invoke-SimScenario -Path $file)
            $rows | Where-Object { -not $_.Pass } | Should -BeNullOrEmpty
            # the captured usage includes both memmaps: 64G / 16K * 64 B each
            ($rows | Where-Object Name -EQ 'usage.total.vmemmapBytes').Actual | Should -Be (2 * 64GB / 16KB * $StructPageSize)
        }

        It 'takes the machine from the pipeline and by name, and emits the file with -PassThru' {
            ($m | Export-SimScenario -Path $file -PassThru).FullName | Should -Be $file
            (Export-SimScenario -Machine $m.Name -Path $file -PassThru).Length | Should -BeGreaterThan 0
        }

        It 'writes the same bytes twice' {
            Export-SimScenario -Machine $m -Path $file
            $first = [System.IO.File]::ReadAllBytes($file)
            Export-SimScenario -Machine $m -Path $file
            [System.IO.File]::ReadAllBytes($file) | Should -Be $first
        }

        It 'writes nothing with -WhatIf' {
            Export-SimScenario -Machine $m -Path $file -WhatIf
            Test-Path $file | Should -BeFalse
        }

        It 'refuses to overwrite with -NoClobber (ScenarioFileExists)' {
            Set-Content -LiteralPath $file -Value 'keep'
            Export-SimScenario -Machine $m -Path $file -NoClobber -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -Be 'ScenarioFileExists,VmemmapPS.Commands.ExportSimScenarioCommand'
            $err[0].CategoryInfo.Category | Should -Be ([System.Management.Automation.ErrorCategory]::ResourceExists)
            Get-Content -LiteralPath $file | Should -Be 'keep'
        }

        It 'replaces a read-only file with -Force' {
            # (Without -Force the write fails, except for root, which may write read-only files on Unix.)
            Set-Content -LiteralPath $file -Value 'old'
            (Get-Item $file).IsReadOnly = $true
            Export-SimScenario -Machine $m -Path $file -Force
            (Import-SimScenario -Path $file).Devices.Count | Should -Be 2
        }

        It 'creates a missing folder with -Force' {
            $nested = Join-Path $temp 'a/b/machine.yaml'
            Export-SimScenario -Machine $m -Path $nested -Force
            Test-Path $nested | Should -BeTrue
        }
    }

    Context 'help' {
        It 'example "<Title>" runs' -ForEach $examples {
            Invoke-HelpExample $Code
        }
    }
}
