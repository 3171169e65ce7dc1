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

    Context 'every written file re-imports and re-runs to the same state' {
        It 'refuses a machine holding what a failed add left, writes nothing, also under -WhatIf' {
            # 5.8, map=mem: the third allocation of the add fails after struct pages and tables were taken, and
            # this release does not give them back; the device is not registered.
            $f = New-SimMachine -Name (New-TestMachineName) -KernelVersion 5.8 -Memory 8GB
            Add-SimFault -Machine $f -Nth 3
            Add-DeviceMemory -Machine $f -Name pmem0 -Start $DeviceStart -Size 64GB -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            $f.Devices.Count | Should -Be 0
            $before = Get-MachineState $f
            foreach ($whatIf in $true, $false) {
                Export-SimScenario -Machine $f -Path $file -WhatIf:$whatIf -ErrorAction SilentlyContinue -ErrorVariable err
                Assert-SimError $err[0] ScenarioNotReproducible InvalidOperation Export-SimScenario
                $err[0].TargetObject | Should -Be $f.Name
                $err[0].Exception.Message | Should -Match "'pmem0' \(not registered"
                Test-Path $file | Should -BeFalse
            }
            Get-MachineState $f | Should -Be $before
        }

        It 'exports a machine after a failed add that rolled back, and the file runs back to it' {
            Add-SimFault -Machine $m -Nth 1
            Add-DeviceMemory -Machine $m -Name pmem9 -Start ($DeviceStart + 1TB) -Size 64GB -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            Export-SimScenario -Machine $m -Path $file -ErrorAction Stop
            $rows = @(Invoke-SimScenario -Path $file)
            $rows | Where-Object { -not $_.Pass } | Should -BeNullOrEmpty
            ($rows | Where-Object Name -EQ 'systemRamFree').Actual | Should -Be $m.SystemRamFreeBytes
        }

        It 'exports the fault still armed as the last step' {
            Add-SimFault -Machine $m -Nth 7 -Order 9 -Count 3
            Export-SimScenario -Machine $m -Path $file
            $last = (Import-SimScenario -Path $file).Steps[-1]
            $last.Kind | Should -Be 'InjectFailure'
            $last.Fault.Nth | Should -Be 7
            $last.Fault.Order | Should -Be 9
            $last.Fault.Count | Should -Be 3
        }

        It 'quotes names that plain YAML reads as something else: <_>' -ForEach @('null', 'true', '123') {
            $n = New-SimMachine -Name $_ -Force
            try {
                Add-DeviceMemory -Machine $n -Name $_ -Start $DeviceStart -Size 4GB
                Export-SimScenario -Machine $n -Path $file -ErrorAction Stop
                (Import-SimScenario -Path $file).Devices.Name | Should -BeExactly $_
                Invoke-SimScenario -Path $file | Where-Object { -not $_.Pass } | Should -BeNullOrEmpty
            }
            finally { Remove-SimMachine -Name $_ -Confirm:$false }
        }

        It 'a machine name with a line break is refused when the machine is made, so it never reaches a file' {
            New-SimMachine -Name "ab`n" -ErrorAction SilentlyContinue -ErrorVariable err
            Assert-SimError $err[0] InvalidName InvalidArgument New-SimMachine
        }
    }

    Context 'help' {
        It 'example "<Title>" runs' -ForEach $examples {
            Invoke-HelpExample $Code
        }
    }
}
