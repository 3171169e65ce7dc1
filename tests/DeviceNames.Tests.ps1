# The one naming rule (VmemmapPS.Core.Sim.SimNames) seen from every cmdlet that takes a device name: a name given
# in another case finds the device, keeps its original case in the output, and cannot be added twice.
BeforeAll {
    . $PSScriptRoot/common.ps1
}

Describe 'Device names' {
    BeforeEach {
        $m = New-SimMachine -Name (New-TestMachineName)
        Add-DeviceMemory -Machine $m -Name pmem0 -Start $DeviceStart -Size 4GB -Altmap
    }

    Context 'compared ignoring case, case preserved' {
        It 'Get-DeviceMemory finds pmem0 as PMEM0 and reports it as pmem0' {
            (Get-DeviceMemory -Machine $m -Name PMEM0).Name | Should -BeExactly 'pmem0'
        }

        It 'Remove-DeviceMemory removes pmem0 given PMEM0' {
            $removed = Remove-DeviceMemory -Machine $m -Name PMEM0 -PassThru -ErrorAction Stop
            $removed.Name | Should -BeExactly 'pmem0'
            $m.Devices.Count | Should -Be 0
        }

        It 'Get-VmemAltmap finds the altmap of PMEM0' {
            (Get-VmemAltmap -Machine $m -Device PMEM0 -ErrorAction Stop).Device | Should -BeExactly 'pmem0'
        }

        It 'Get-VmemmapMapping filters by PMEM0' {
            $runs = @(Get-VmemmapMapping -Machine $m -Device PMEM0 -ErrorAction Stop)
            $runs.Count | Should -BeGreaterThan 0
            $runs.Device | Sort-Object -Unique | Should -BeExactly 'pmem0'
        }

        It 'Get-SimAllocation and Get-SimPageTable filter by PMEM0' {
            @(Get-SimAllocation -Machine $m -Device PMEM0).Count | Should -Be @(Get-SimAllocation -Machine $m -Device pmem0).Count
            @(Get-SimAllocation -Machine $m -Device PMEM0).Count | Should -BeGreaterThan 0
            @(Get-SimPageTable -Machine $m -Device PMEM0).Count | Should -Be @(Get-SimPageTable -Machine $m -Device pmem0).Count
        }

        It 'Remove-Vmemmap -Device PMEM0 passes pmem0 and its altmap, and reports the stored name' {
            $result = Remove-Vmemmap -Machine $m -Start $DeviceStart -Size 128MB -Device PMEM0 -PassThru -ErrorAction Stop
            $result.Device | Should -BeExactly 'pmem0'
            $result.Success | Should -BeTrue
        }

        It 'Add-DeviceMemory refuses PMEM0 beside pmem0 as a duplicate and leaves the machine alone' {
            $before = Get-MachineState $m
            Add-DeviceMemory -Machine $m -Name PMEM0 -Start ($DeviceStart + 4GB) -Size 4GB -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -BeLike 'DuplicateDeviceName,*'
            $err[0].CategoryInfo.Category | Should -Be 'ResourceExists'
            Get-MachineState $m | Should -Be $before
        }
    }

    Context 'the allowed characters' {
        It 'accepts the ndctl/daxctl style name <Name>' -ForEach @(@{ Name = 'dax0.0' }, @{ Name = 'ns0:1' }, @{ Name = 'cxl_mem-2' }, @{ Name = '0pmem' }) {
            Add-DeviceMemory -Machine $m -Name $Name -Start ($DeviceStart + 4GB) -Size 4GB -ErrorAction Stop
            (Get-DeviceMemory -Machine $m -Name $Name.ToUpperInvariant()).Name | Should -BeExactly $Name
        }

        It 'refuses <Why> as InvalidName without an errno, machine unchanged' -ForEach @(
            @{ Name = 'pmem 0'; Why = 'a space' }
            @{ Name = '-pmem'; Why = 'a leading dash' }
            @{ Name = ('p' * 64); Why = '64 characters' }
            @{ Name = 'ALL'; Why = 'a word scenario paths reserve' }
        ) {
            $before = Get-MachineState $m
            Add-DeviceMemory -Machine $m -Name $Name -Start ($DeviceStart + 4GB) -Size 4GB -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -BeLike 'InvalidName,*'
            $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err[0].TargetObject | Should -BeExactly $Name
            $err[0].Exception.Errno | Should -Be 0
            Get-MachineState $m | Should -Be $before
        }

        It 'accepts 63 characters, the limit' {
            Add-DeviceMemory -Machine $m -Name ('p' * 63) -Start ($DeviceStart + 4GB) -Size 4GB -ErrorAction Stop
            $m.Devices.Count | Should -Be 2
        }
    }

    Context 'scenario files accept what Add-DeviceMemory accepts' {
        It 'exports and reruns a machine whose device is named dax0.0' {
            Add-DeviceMemory -Machine $m -Name dax0.0 -Start ($DeviceStart + 4GB) -Size 4GB -Type DevDax -ErrorAction Stop
            $file = Join-Path $TestDrive 'dotted.yaml'
            Export-SimScenario -Machine $m -Path $file -ErrorAction Stop
            $rows = @(Invoke-SimScenario -Path $file -ErrorAction Stop)
            @($rows | Where-Object { -not $_.Pass }).Count | Should -Be 0
            $rows.Count | Should -BeGreaterThan 0
        }
    }
}
