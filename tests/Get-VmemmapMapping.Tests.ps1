BeforeDiscovery {
    . $PSScriptRoot/common.ps1
    $examples = @(Get-HelpExample Get-VmemmapMapping)
}

BeforeAll {
    . $PSScriptRoot/common.ps1
}

Describe 'Get-VmemmapMapping' {
    Context 'contract' {
        It 'has the contract parameters' {
            Get-DeclaredParameter Get-VmemmapMapping | Should -Be (@('Machine', 'InputObject', 'Device', 'Start', 'End') | Sort-Object)
        }

        It 'declares its output type' {
            (Get-Command Get-VmemmapMapping).OutputType.Type | Should -Be ([VmemmapPS.Core.VmemmapMapping])
        }
    }

    Context '64 GiB with the altmap on 4K pages: PMD blocks from the device' {
        BeforeAll {
            $m = New-SimMachine -Name (New-TestMachineName)
            Add-DeviceMemory -Machine $m -Name pmem0 -Start $DeviceStart -Size 64GB -Altmap
            $runs = Get-VmemmapMapping -Machine $m -Device pmem0
        }

        It 'maps 1 GiB of struct pages with 512 PMD entries backed by the altmap' {
            ($runs | Measure-Object -Property Size -Sum).Sum | Should -Be (64GB / 4KB * $StructPageSize)
            ($runs | Measure-Object -Property Entries -Sum).Sum | Should -Be (64GB / 4KB * $StructPageSize / 2MB)
            $runs.LevelName | Sort-Object -Unique | Should -Be 'PMD'
            $runs.Backing | Sort-Object -Unique | Should -Be 'Altmap'
        }

        It 'covers every pfn of the device' {
            ($runs | Measure-Object -Property PfnCount -Sum).Sum | Should -Be (64GB / 4KB)
            ($runs | Measure-Object -Property FirstPfn -Minimum).Minimum | Should -Be (ConvertTo-Pfn $DeviceStart 4KB)
        }

        It 'returns runs ordered by virtual address, filtered by -Start/-End' {
            $all = Get-VmemmapMapping -Machine $m
            $all.VirtualAddress | Should -Be ($all.VirtualAddress | Sort-Object)
            $first = $runs[0]
            $window = Get-VmemmapMapping -Machine $m -Start $first.VirtualAddress -End ($first.VirtualAddress + 2MB)
            $window | Should -Not -BeNullOrEmpty
            $window | ForEach-Object { $_.VirtualAddress | Should -BeLessThan ($first.VirtualAddress + 2MB) }
        }
    }

    Context '64 GiB with the altmap on 64K pages: base pages' {
        It 'maps 64 MiB of struct pages with 1024 PTEs' {
            $m = New-SimMachine -Name (New-TestMachineName) -PageSize 64KB
            Add-DeviceMemory -Machine $m -Name pmem0 -Start $DeviceStart -Size 64GB -Altmap
            $runs = Get-VmemmapMapping -Machine $m -Device pmem0
            ($runs | Measure-Object -Property Entries -Sum).Sum | Should -Be (64GB / 64KB * $StructPageSize / 64KB)
            $runs.LevelName | Sort-Object -Unique | Should -Be 'PTE'
        }
    }

    Context 'arguments and errors' {
        It 'takes kernel virtual addresses as strings' {
            $m = New-SimMachine -Name (New-TestMachineName)
            { Get-VmemmapMapping -Machine $m -Start '0xFFFF000000000000' -End '0xFFFFFFFFFFFFFFFF' } | Should -Not -Throw
        }

        It 'an unknown device is DeviceNotFound' {
            $m = New-SimMachine -Name (New-TestMachineName)
            $null = Get-VmemmapMapping -Machine $m -Device nope -ErrorAction SilentlyContinue -ErrorVariable err
            Assert-SimError $err[0] DeviceNotFound ObjectNotFound Get-VmemmapMapping
        }
    }

    Context 'help' {
        It 'example "<Title>" runs' -ForEach $examples {
            Invoke-HelpExample $Code
        }
    }
}
