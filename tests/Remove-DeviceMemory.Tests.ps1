BeforeDiscovery {
    . $PSScriptRoot/common.ps1
    $examples = @(Get-HelpExample Remove-DeviceMemory)
}

BeforeAll {
    . $PSScriptRoot/common.ps1
}

Describe 'Remove-DeviceMemory' {
    BeforeEach {
        $m = New-SimMachine -Name (New-TestMachineName)
        Add-DeviceMemory -Machine $m -Name pmem0 -Start $DeviceStart -Size 16GB -Altmap
        Add-DeviceMemory -Machine $m -Name pmem1 -Start ($DeviceStart + 16GB) -Size 16GB
    }

    Context 'contract' {
        It 'has the contract parameters' {
            Get-DeclaredParameter Remove-DeviceMemory | Should -Be (@('Machine', 'Name', 'InputObject', 'PassThru', 'WhatIf', 'Confirm') | Sort-Object)
        }

        It 'declares its output type' {
            (Get-Command Remove-DeviceMemory).OutputType.Type | Should -Be ([VmemmapPS.Core.DeviceMemory])
        }
    }

    Context 'removal' {
        It 'removes by name and emits nothing without -PassThru' {
            Remove-DeviceMemory -Machine $m -Name pmem0 | Should -BeNullOrEmpty
            $m.Devices.Name | Should -Be 'pmem1'
            Get-VmemAltmap -Machine $m | Should -BeNullOrEmpty
        }

        It 'emits the removed device with -PassThru' {
            $removed = Remove-DeviceMemory -Machine $m -Name pmem1 -PassThru
            $removed.Name | Should -Be 'pmem1'
            $removed.Size | Should -Be 16GB
        }

        It 'takes DeviceMemory objects from the pipeline and finds their machine by name' {
            $removed = Get-DeviceMemory -Machine $m | Remove-DeviceMemory -PassThru
            $removed.Name | Should -Be @('pmem0', 'pmem1')
            $m.Devices.Count | Should -Be 0
        }

        It 'takes the machine from the pipeline with -Name' {
            $m | Remove-DeviceMemory -Name pmem0, pmem1
            $m.Devices.Count | Should -Be 0
        }

        It 'gives back the struct pages it took from system RAM (map=mem)' {
            $device = Get-DeviceMemory -Machine $m -Name pmem1
            $usage = Measure-Vmemmap -Machine $m | Where-Object Device -EQ pmem1
            $free = $m.SystemRamFreeBytes
            Remove-DeviceMemory -Machine $m -Name pmem1
            # At least the memmap itself returns to the buddy allocator; table pages may stay (free_empty_tables).
            ($m.SystemRamFreeBytes - $free) | Should -BeGreaterOrEqual $usage.VmemmapFromSystemRamBytes
            $usage.VmemmapFromSystemRamBytes | Should -Be ($device.Size / 4KB * $StructPageSize)
        }
    }

    Context '-WhatIf' {
        It 'never changes the machine and emits the device with -PassThru' {
            $before = Get-MachineState $m
            $would = Remove-DeviceMemory -Machine $m -Name pmem0 -WhatIf -PassThru
            $would.Name | Should -Be 'pmem0'
            Get-MachineState $m | Should -Be $before
        }
    }

    Context 'errors' {
        It 'an unknown name is DeviceNotFound (ObjectNotFound) and changes nothing' {
            $before = Get-MachineState $m
            Remove-DeviceMemory -Machine $m -Name nope -ErrorAction SilentlyContinue -ErrorVariable err
            Assert-SimError $err[0] DeviceNotFound ObjectNotFound Remove-DeviceMemory
            $err[0].TargetObject | Should -Be 'nope'
            Get-MachineState $m | Should -Be $before
        }

        It 'carries on with the next name after an unknown one' {
            Remove-DeviceMemory -Machine $m -Name nope, pmem1 -ErrorAction SilentlyContinue -ErrorVariable err
            $err.Count | Should -Be 1
            $m.Devices.Name | Should -Be 'pmem0'
        }

        It 'a DeviceMemory of a machine not in this session is MachineNotFound' {
            $orphan = [VmemmapPS.Core.DeviceMemory]@{ Name = 'pmem0'; Machine = (New-TestMachineName) }
            $orphan | Remove-DeviceMemory -ErrorAction SilentlyContinue -ErrorVariable err
            Assert-SimError $err[0] MachineNotFound ObjectNotFound Remove-DeviceMemory
        }
    }

    Context 'help' {
        It 'example "<Title>" runs' -ForEach $examples {
            Invoke-HelpExample $Code
        }
    }
}
