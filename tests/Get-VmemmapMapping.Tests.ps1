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
            Get-DeclaredParameter Get-VmemmapMapping | Should -Be (@('Machine', 'Device', 'Start', 'End') | Sort-Object)
        }

        It 'declares its output type' {
            (Get-Command Get-VmemmapMapping).OutputType.Type | Should -Be ([VmemmapPS.Core.VmemmapMapping])
        }
    }

    Context 'a compound devmap on 6.1: devdax map=mem with a 2 MiB align' {
        BeforeAll {
            $m = New-SimMachine -Name (New-TestMachineName) -KernelVersion 6.1
            Add-DeviceMemory -Machine $m -Name dax0 -Type DevDax -Start $DeviceStart -Size 4GB -Align 2MB
            $runs = Get-VmemmapMapping -Machine $m -Device dax0
            # per 2 MiB compound page: 512 struct pages of 64 bytes = 8 vmemmap pages, of which the kernel keeps 2
            $perCompound = 2MB / 4KB * $StructPageSize / 4KB
            $compounds = 4GB / 2MB
        }

        It 'marks the PTEs that map the shared tail page, and only those' {
            $shared = @($runs | Where-Object ReusedPage)
            ($shared | Measure-Object -Property Entries -Sum).Sum | Should -Be ($compounds * ($perCompound - 2))
            ($runs | Where-Object { -not $_.ReusedPage } | Measure-Object -Property Entries -Sum).Sum | Should -Be ($compounds * 2)
            $runs.LevelName | Sort-Object -Unique | Should -Be 'PTE'
        }

        It 'still covers every pfn of the device' {
            ($runs | Measure-Object -Property PfnCount -Sum).Sum | Should -Be (4GB / 4KB)
        }

        It 'shows the saving in the usage row' {
            $u = Measure-Vmemmap -Machine $m | Where-Object Device -eq dax0
            $u.VmemmapFromSystemRamBytes | Should -Be ($compounds * 2 * 4KB)
            $u.VmemmapReusedBytes | Should -Be ($compounds * ($perCompound - 2) * 4KB)
        }

        It 'says Reused in the table view' {
            $text = $runs | Where-Object ReusedPage | Select-Object -First 1 | Format-Table | Out-String
            $text | Should -Match 'Reused'
        }

        It 'gives RAM back exactly on removal' {
            $n = New-SimMachine -Name (New-TestMachineName) -KernelVersion 6.1
            $free = $n.SystemRamFreeBytes
            Add-DeviceMemory -Machine $n -Name dax0 -Type DevDax -Start $DeviceStart -Size 4GB -Align 2MB
            $n.SystemRamFreeBytes | Should -BeLessThan $free
            Remove-DeviceMemory -Machine $n -Name dax0 -Confirm:$false
            $n.SystemRamFreeBytes | Should -Be $free
            Test-SimMachine -Machine $n | Should -BeTrue
        }
    }

    Context 'the same device on 6.12: no sharing on arm64' {
        It 'populates the whole memmap' {
            $m = New-SimMachine -Name (New-TestMachineName) -KernelVersion 6.12
            Add-DeviceMemory -Machine $m -Name dax0 -Type DevDax -Start $DeviceStart -Size 4GB -Align 2MB
            @(Get-VmemmapMapping -Machine $m -Device dax0 | Where-Object ReusedPage) | Should -BeNullOrEmpty
            (Measure-Vmemmap -Machine $m | Where-Object Device -eq dax0).VmemmapFromSystemRamBytes | Should -Be (4GB / 4KB * $StructPageSize)
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
