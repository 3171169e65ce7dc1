BeforeDiscovery {
    . $PSScriptRoot/common.ps1
    $examples = @(Get-HelpExample Get-SimAllocation)
}

BeforeAll {
    . $PSScriptRoot/common.ps1
    $m = New-SimMachine -Name (New-TestMachineName)
    Add-DeviceMemory -Machine $m -Name pmem0 -Start $DeviceStart -Size 64GB -Altmap
    Add-DeviceMemory -Machine $m -Name pmem1 -Start ($DeviceStart + 64GB) -Size 16GB
}

Describe 'Get-SimAllocation' {
    Context 'contract' {
        It 'has the contract parameters' {
            Get-DeclaredParameter Get-SimAllocation | Should -Be (@('Machine', 'Source', 'Purpose', 'Action', 'Device', 'Failed') | Sort-Object)
        }

        It 'declares its output type' {
            (Get-Command Get-SimAllocation).OutputType.Type | Should -Be ([VmemmapPS.Core.AllocationEvent])
        }
    }

    Context 'filters' {
        It 'the altmap supplied the 1 GiB memmap of pmem0 as 512 blocks of order 9' {
            $fromAltmap = Get-SimAllocation -Machine $m -Device pmem0 -Source Altmap -Purpose VmemmapData -Action Alloc
            ($fromAltmap | Measure-Object -Property Pages -Sum).Sum | Should -Be (64GB / 4KB * $StructPageSize / 4KB)
            $fromAltmap.Order | Sort-Object -Unique | Should -Be 9
        }

        It 'system RAM supplied the 256 MiB memmap of pmem1 (map=mem)' {
            $fromRam = Get-SimAllocation -Machine $m -Device pmem1 -Source SystemRam -Purpose VmemmapData -Action Alloc
            ($fromRam | Measure-Object -Property Pages -Sum).Sum | Should -Be (16GB / 4KB * $StructPageSize / 4KB)
        }

        It 'combines filters with AND and keeps the log order' {
            $events = Get-SimAllocation -Machine $m -Device pmem* -Source SystemRam
            $events | ForEach-Object { $_.Source | Should -Be 'SystemRam'; $_.Device | Should -BeLike 'pmem*' }
            $events.Sequence | Should -Be ($events.Sequence | Sort-Object)
        }

        It 'boot events have no device and are left out by -Device' {
            @(Get-SimAllocation -Machine $m | Where-Object { $null -eq $_.Device }).Count | Should -BeGreaterThan 0
            Get-SimAllocation -Machine $m -Device * | ForEach-Object { $_.Device | Should -Not -BeNullOrEmpty }
        }

        It 'has no failed allocations without injected faults' {
            Get-SimAllocation -Machine $m -Failed | Should -BeNullOrEmpty
        }
    }

    Context 'help' {
        It 'example "<Title>" runs' -ForEach $examples {
            Invoke-HelpExample $Code
        }
    }
}
