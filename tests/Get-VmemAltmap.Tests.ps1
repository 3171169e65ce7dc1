BeforeDiscovery {
    . $PSScriptRoot/common.ps1
    $examples = @(Get-HelpExample Get-VmemAltmap)
}

BeforeAll {
    . $PSScriptRoot/common.ps1
}

Describe 'Get-VmemAltmap' {
    Context 'contract' {
        It 'has the contract parameters' {
            Get-DeclaredParameter Get-VmemAltmap | Should -Be @('Device', 'InputObject', 'Machine')
        }

        It 'declares its output type' {
            (Get-Command Get-VmemAltmap).OutputType.Type | Should -Be ([VmemmapPS.Core.VmemAltmapInfo])
        }

        It 'emits the contract properties' {
            $m = New-SimMachine -Name (New-TestMachineName)
            Add-DeviceMemory -Machine $m -Name pmem0 -Start $DeviceStart -Size 4GB -Altmap
            $a = Get-VmemAltmap -Machine $m
            foreach ($p in 'BasePfn', 'EndPfn', 'Reserve', 'Free', 'Align', 'Alloc', 'NextPfn', 'FreeRemaining') {
                $a.PSObject.Properties.Name | Should -Contain $p
            }
        }
    }

    Context 'the 64 GiB fsdax namespace on 4K pages, kernel 5.9 (kernel-derived numbers)' {
        BeforeAll {
            $m = New-SimMachine -Name (New-TestMachineName) -KernelVersion 5.9
            Add-DeviceMemory -Machine $m -Name pmem0 -Start $DeviceStart -Size 64GB -Altmap
            $a = Get-VmemAltmap -Machine $m -Device pmem0
            $geometry = Get-NvdimmGeometry -Start $DeviceStart -Size 64GB -PageSize 4KB -Altmap
            $basePfn = ConvertTo-Pfn $DeviceStart 4KB
            # vmemmap = 64 GiB / 4 KiB * 64 B = 1 GiB = 512 PMD blocks of 2 MiB = 262,144 pfns
            $vmemmapPfns = ConvertTo-Pfn (64GB / 4KB * $StructPageSize) 4KB
            # altmap_alloc_block_buf: the first block starts at base + reserve and is padded to a 512-pfn boundary
            $firstPad = (Get-AlignUp ($basePfn + $geometry.Reserve) 512) - ($basePfn + $geometry.Reserve)
        }

        It 'base_pfn is the first pfn of the namespace and end_pfn its last' {
            $a.BasePfn | Should -Be $basePfn
            $a.EndPfn | Should -Be (ConvertTo-Pfn ($DeviceStart + 64GB - 1) 4KB)
        }

        It 'reserve is the 8 KiB info block: 2 pfns' {
            $a.Reserve | Should -Be 2
            $a.Reserve | Should -Be $geometry.Reserve
        }

        It 'free = PHYS_PFN(ALIGN(start + 8K + 64 * npfns, 2M) - start) - reserve' {
            $a.Free | Should -Be $geometry.Free
        }

        It 'alloc is the whole memmap: 262,144 pfns' {
            $vmemmapPfns | Should -Be 262144
            $a.Alloc | Should -Be $vmemmapPfns
        }

        It 'align is the padding before the first 2 MiB block: 510 pfns' {
            $firstPad | Should -Be 510
            $a.Align | Should -Be $firstPad
        }

        It 'next_pfn = base + reserve + alloc + align, and nothing of free remains' {
            $a.NextPfn | Should -Be ($basePfn + $geometry.Reserve + $vmemmapPfns + $firstPad)
            $a.FreeRemaining | Should -Be ($geometry.Free - $vmemmapPfns - $firstPad)
            $a.FreeRemaining | Should -Be 0
        }
    }

    Context 'the same namespace on 64K pages' {
        It 'reserve rounds the info block up to one page and blocks are single pages, so no padding' {
            $m = New-SimMachine -Name (New-TestMachineName) -PageSize 64KB
            Add-DeviceMemory -Machine $m -Name pmem0 -Start $DeviceStart -Size 64GB -Altmap
            $a = Get-VmemAltmap -Machine $m
            $geometry = Get-NvdimmGeometry -Start $DeviceStart -Size 64GB -PageSize 64KB -Altmap
            $a.Reserve | Should -Be 1
            $a.Free | Should -Be $geometry.Free
            $a.Alloc | Should -Be (64GB / 64KB * $StructPageSize / 64KB)
            $a.Align | Should -Be 0
        }
    }

    Context 'selection' {
        It 'has no row for a map=mem device and filters by device name' {
            $m = New-SimMachine -Name (New-TestMachineName)
            Add-DeviceMemory -Machine $m -Name dev0 -Start $DeviceStart -Size 4GB -Altmap
            Add-DeviceMemory -Machine $m -Name mem0 -Start ($DeviceStart + 4GB) -Size 4GB
            (Get-VmemAltmap -Machine $m).Device | Should -Be 'dev0'
            Get-VmemAltmap -Machine $m -Device mem* | Should -BeNullOrEmpty
            Get-VmemAltmap -Machine $m -Device mem0 -ErrorVariable err | Should -BeNullOrEmpty
            $err | Should -BeNullOrEmpty
        }

        It 'an exact unknown device is DeviceNotFound' {
            $m = New-SimMachine -Name (New-TestMachineName)
            $null = Get-VmemAltmap -Machine $m -Device nope -ErrorAction SilentlyContinue -ErrorVariable err
            Assert-SimError $err[0] DeviceNotFound ObjectNotFound Get-VmemAltmap
        }
    }

    Context 'help' {
        It 'example "<Title>" runs' -ForEach $examples {
            Invoke-HelpExample $Code
        }
    }
}
