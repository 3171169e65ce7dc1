BeforeDiscovery {
    . $PSScriptRoot/common.ps1
    $examples = @(Get-HelpExample Remove-SimMachine)
}

BeforeAll {
    . $PSScriptRoot/common.ps1
}

Describe 'Remove-SimMachine' {
    Context 'contract' {
        It 'has the contract parameters' {
            Get-DeclaredParameter Remove-SimMachine | Should -Be (@('Name', 'InputObject', 'PassThru', 'WhatIf', 'Confirm') | Sort-Object)
        }

        It 'declares its output type' {
            (Get-Command Remove-SimMachine).OutputType.Type | Should -Be ([VmemmapPS.Core.SimMachine])
        }
    }

    Context 'removal' {
        It 'frees the name so New-SimMachine can use it again' {
            $name = New-TestMachineName
            $old = New-SimMachine -Name $name
            Remove-SimMachine -Name $name
            Get-SimMachine -Name "$name*" | Should -BeNullOrEmpty
            $new = New-SimMachine -Name $name -PageSize 64KB
            Get-SimMachine -Name $name | Should -Be $new
            $old.PageSize | Should -Be 4096
        }

        It 'takes machines from the pipeline and removes only the object given' {
            $name = New-TestMachineName
            $old = New-SimMachine -Name $name
            $new = New-SimMachine -Name $name -Force
            $old | Remove-SimMachine
            Get-SimMachine -Name $name | Should -Be $new
            $new | Remove-SimMachine -PassThru | Should -Be $new
            Get-SimMachine -Name "$name*" | Should -BeNullOrEmpty
        }

        It 'changes nothing under -WhatIf' {
            $name = New-TestMachineName
            $m = New-SimMachine -Name $name
            Remove-SimMachine -Name $name -WhatIf
            Get-SimMachine -Name $name | Should -Be $m
        }

        It 'reports an exact name that matches nothing as MachineNotFound' {
            $null = Remove-SimMachine -Name (New-TestMachineName) -ErrorAction SilentlyContinue -ErrorVariable err
            Assert-SimError $err[0] MachineNotFound ObjectNotFound Remove-SimMachine
        }
    }

    Context 'devices go back to the machine they came from' {
        It 'removes a piped device from its own machine, not from a newer one of the same default name' {
            Get-SimMachine -Name sim* | Remove-SimMachine
            $a = New-SimMachine
            Add-DeviceMemory -Machine $a -Name pmem0 -Start $DeviceStart -Size 16GB -Altmap
            $b = New-SimMachine -KernelVersion 6.6
            $b.Name | Should -Not -Be $a.Name
            Add-DeviceMemory -Machine $b -Name pmem0 -Start $DeviceStart -Size 16GB -Altmap
            Get-DeviceMemory -Machine $a | Remove-DeviceMemory
            $a.Devices | Should -BeNullOrEmpty
            $b.Devices.Name | Should -Be 'pmem0'
        }

        It 'goes to the original object even after -Force gave its name to another machine' {
            $name = New-TestMachineName
            $a = New-SimMachine -Name $name
            Add-DeviceMemory -Machine $a -Name pmem0 -Start $DeviceStart -Size 16GB
            $devices = Get-DeviceMemory -Machine $a
            $b = New-SimMachine -Name $name -Force
            Add-DeviceMemory -Machine $b -Name pmem0 -Start $DeviceStart -Size 16GB
            $devices | Remove-DeviceMemory
            $a.Devices | Should -BeNullOrEmpty
            $b.Devices.Name | Should -Be 'pmem0'
        }
    }

    Context 'help' {
        It 'example "<Title>" runs' -ForEach $examples {
            Invoke-HelpExample $Code
        }
    }
}
