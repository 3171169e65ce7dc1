BeforeDiscovery {
    . $PSScriptRoot/common.ps1
    $examples = @(Get-HelpExample Remove-Vmemmap)
}

BeforeAll {
    . $PSScriptRoot/common.ps1
}

Describe 'Remove-Vmemmap' {
    BeforeEach {
        # 6.6: 128 MiB sections on 4K, each section's memmap is exactly one 2 MiB PMD block.
        $m = New-SimMachine -Name (New-TestMachineName) -KernelVersion 6.6
        Add-DeviceMemory -Machine $m -Name pmem0 -Start $DeviceStart -Size 4GB -Altmap
    }

    Context 'contract' {
        It 'has the contract parameters' {
            Get-DeclaredParameter Remove-Vmemmap | Should -Be (@('Machine', 'Start', 'Size', 'Device', 'PassThru', 'WhatIf', 'Confirm') | Sort-Object)
        }

        It 'declares its output type' {
            (Get-Command Remove-Vmemmap).OutputType.Type | Should -Be ([VmemmapPS.Core.HotplugResult])
        }
    }

    Context 'teardown' {
        It 'with the device altmap gives the section memmap back to the altmap (vmem_altmap_free)' {
            $before = Get-VmemAltmap -Machine $m -Device pmem0
            $result = Remove-Vmemmap -Machine $m -Start $DeviceStart -Size 128MB -Device pmem0 -PassThru
            $result.Success | Should -BeTrue
            $after = Get-VmemAltmap -Machine $m -Device pmem0
            # One section of 128 MiB has 32768 struct pages = 2 MiB = 512 pfns of 4 KiB.
            ($before.Alloc - $after.Alloc) | Should -Be (128MB / 4KB * $StructPageSize / 4KB)
            # align is never given back
            $after.Align | Should -Be $before.Align
        }

        It 'leaves the device registered' {
            Remove-Vmemmap -Machine $m -Start $DeviceStart -Size 128MB -Device pmem0
            $m.Devices.Name | Should -Be 'pmem0'
        }
    }

    Context '-WhatIf' {
        It 'never changes the machine' {
            $before = Get-MachineState $m
            Remove-Vmemmap -Machine $m -Start $DeviceStart -Size 128MB -Device pmem0 -WhatIf
            Get-MachineState $m | Should -Be $before
        }
    }

    Context 'errors' {
        It 'an unknown -Device is DeviceNotFound and changes nothing' {
            $before = Get-MachineState $m
            Remove-Vmemmap -Machine $m -Start $DeviceStart -Size 128MB -Device nope -ErrorAction SilentlyContinue -ErrorVariable err
            Assert-SimError $err[0] DeviceNotFound ObjectNotFound Remove-Vmemmap
            Get-MachineState $m | Should -Be $before
        }

        It 'a range off the subsection grid is UnalignedRange and changes nothing' {
            $before = Get-MachineState $m
            Remove-Vmemmap -Machine $m -Start ($DeviceStart + 4KB) -Size 128MB -Device pmem0 -ErrorAction SilentlyContinue -ErrorVariable err
            Assert-SimError $err[0] UnalignedRange InvalidArgument Remove-Vmemmap
            Get-MachineState $m | Should -Be $before
        }
    }

    Context 'help' {
        It 'example "<Title>" runs' -ForEach $examples {
            Invoke-HelpExample $Code
        }
    }
}
