BeforeDiscovery {
    . $PSScriptRoot/common.ps1
    $examples = @('Add-SystemMemory', 'Remove-SystemMemory', 'Get-SystemMemory', 'Set-SystemMemory', 'Get-MemoryBlock', 'Set-DeviceMemory' |
        ForEach-Object { Get-HelpExample $_ })
}

BeforeAll {
    . $PSScriptRoot/common.ps1
    # memory_block_size_bytes() on arm64 = the section size: 128 MiB with 4K pages from v5.12
    $script:Block = 128MB
    # PFN_UP(pages per block * sizeof(struct page)) pages of 4 KiB
    $script:MemmapPerBlock = (Get-AlignUp ([uint64](ConvertTo-Pfn $Block 4096) * 64) 4096)
}

Describe 'System RAM cmdlets' {
    BeforeEach {
        $m = New-SimMachine -Name (New-TestMachineName) -KernelVersion 6.14
    }

    Context 'contract' {
        It 'Add-SystemMemory has the contract parameters' {
            Get-DeclaredParameter Add-SystemMemory |
                Should -Be (@('Machine', 'Name', 'Start', 'Size', 'Node', 'MemmapOnMemory', 'Online', 'PassThru', 'WhatIf', 'Confirm') | Sort-Object)
        }

        It 'Remove-SystemMemory has the contract parameters' {
            Get-DeclaredParameter Remove-SystemMemory | Should -Be (@('Machine', 'Name', 'PassThru', 'WhatIf', 'Confirm') | Sort-Object)
        }

        It 'Set-DeviceMemory has the contract parameters' {
            Get-DeclaredParameter Set-DeviceMemory |
                Should -Be (@('Machine', 'Name', 'Mode', 'MemmapOnMemory', 'Online', 'PassThru', 'WhatIf', 'Confirm') | Sort-Object)
        }
    }

    Context 'Add-SystemMemory' {
        It 'grows MemTotal by the range, minus each block''s own memmap with -MemmapOnMemory' {
            $before = $m.SystemRamTotalBytes
            $s = Add-SystemMemory -Machine $m -Name ram0 -Start $DeviceStart -Size (4 * $Block) -MemmapOnMemory -Online Kernel -PassThru
            $s.MemoryBlocks | Should -Be 4
            $s.MemmapOnMemoryBytes | Should -Be (4 * $MemmapPerBlock)
            $m.SystemRamTotalBytes | Should -Be ($before + 4 * ($Block - $MemmapPerBlock))
            (Measure-Vmemmap -Machine $m | Where-Object Device -EQ ram0).MemmapOnMemoryBytes | Should -Be (4 * $MemmapPerBlock)
        }

        It 'refuses a range that is not block aligned with EINVAL and changes nothing' {
            $state = Get-MachineState $m
            Add-SystemMemory -Machine $m -Name x -Start ($DeviceStart + $Block / 2) -Size $Block -ErrorAction SilentlyContinue -ErrorVariable err
            Assert-SimError $err[0] UnalignedRange InvalidArgument Add-SystemMemory
            $err[0].Exception.Errno | Should -Be -22
            Get-MachineState $m | Should -Be $state
            Get-SystemMemory -Machine $m | Should -BeNullOrEmpty
        }

        It 'refuses memmap_on_memory on a release that does not have it, with EOPNOTSUPP' {
            $old = New-SimMachine -Name (New-TestMachineName) -KernelVersion 5.12
            Add-SystemMemory -Machine $old -Name x -Start $DeviceStart -Size $Block -MemmapOnMemory -ErrorAction SilentlyContinue -ErrorVariable err
            Assert-SimError $err[0] NotSupported NotEnabled Add-SystemMemory
            $err[0].Exception.Errno | Should -Be -95
        }

        It 'changes nothing under -WhatIf' {
            $state = Get-MachineState $m
            Add-SystemMemory -Machine $m -Name x -Start $DeviceStart -Size $Block -WhatIf
            Get-MachineState $m | Should -Be $state
        }

        It 'leaves the blocks offline by default (memhp_default_state=offline) and online with -DefaultOnlineType' {
            Add-SystemMemory -Machine $m -Name ram0 -Start $DeviceStart -Size $Block
            (Get-MemoryBlock -Machine $m).State | Should -Be 'offline'
            $debian = New-SimMachine -Name (New-TestMachineName) -KernelVersion 6.14 -DefaultOnlineType Auto
            Add-SystemMemory -Machine $debian -Name ram0 -Start $DeviceStart -Size $Block
            (Get-MemoryBlock -Machine $debian).Zone | Should -Be 'Normal'
        }
    }

    Context 'Set-SystemMemory and Remove-SystemMemory' {
        It 'offlines a block in use with EBUSY and keeps it online' {
            $cxl = New-SimMachine -Name (New-TestMachineName) -KernelVersion 6.14 -NodeMemory 8GB, 0
            Add-SystemMemory -Machine $cxl -Name cxl0 -Start $DeviceStart -Size (2 * $Block) -Node 1 -Online Kernel
            Add-DeviceMemory -Machine $cxl -Name dev -Type Generic -Start ($DeviceStart + 16GB) -Size 4GB -Node 1
            Set-SystemMemory -Machine $cxl -Name cxl0 -Online None -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].FullyQualifiedErrorId | Should -Be 'MemoryBlockBusy,VmemmapPS.Commands.SetSystemMemoryCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ResourceBusy'
            (Get-SystemMemory -Machine $cxl).OnlineBlocks | Should -BeGreaterThan 0
        }

        It 'removes onlined memory and the machine is back at its baseline' {
            Add-SystemMemory -Machine $m -Name ram0 -Start $DeviceStart -Size (2 * $Block) -Online Movable
            Remove-SystemMemory -Machine $m -Name ram0
            Get-SystemMemory -Machine $m | Should -BeNullOrEmpty
            $m.SystemRamFreeBytes | Should -Be $m.BaselineFreeBytes
            Test-SimMachine -Machine $m | Should -BeTrue
        }

        It 'reports an unknown name as DeviceNotFound' {
            Remove-SystemMemory -Machine $m -Name nope -ErrorAction SilentlyContinue -ErrorVariable err
            Assert-SimError $err[0] DeviceNotFound ObjectNotFound Remove-SystemMemory
        }
    }

    Context 'Set-DeviceMemory' {
        It 'hands a dax device to kmem rounded inward to memory blocks and back' {
            Add-DeviceMemory -Machine $m -Name dax0.0 -Type Generic -Start ($DeviceStart + $Block / 2) -Size (3 * $Block)
            $d = Set-DeviceMemory -Machine $m -Name dax0.0 -Mode SystemRam -Online Kernel -PassThru
            $d.Mode | Should -Be 'SystemRam'
            $d.SystemRamStart | Should -Be ($DeviceStart + $Block)
            $d.SystemRamBytes | Should -Be (2 * $Block)
            (Get-SystemMemory -Machine $m).ResourceName | Should -Be 'System RAM (kmem)'
            (Set-DeviceMemory -Machine $m -Name dax0.0 -Mode DevDax -PassThru).Mode | Should -Be 'DevDax'
            Get-SystemMemory -Machine $m | Should -BeNullOrEmpty
        }

        It 'refuses memmap_on_memory with 16K pages with EOPNOTSUPP and changes nothing' {
            $k16 = New-SimMachine -Name (New-TestMachineName) -KernelVersion 6.14 -PageSize 16KB
            Add-DeviceMemory -Machine $k16 -Name dax0.0 -Type Generic -Start $DeviceStart -Size 1GB
            $state = Get-MachineState $k16
            Set-DeviceMemory -Machine $k16 -Name dax0.0 -Mode SystemRam -MemmapOnMemory -ErrorAction SilentlyContinue -ErrorVariable err
            Assert-SimError $err[0] NotSupported NotEnabled Set-DeviceMemory
            $err[0].Exception.Errno | Should -Be -95
            Get-MachineState $k16 | Should -Be $state
        }

        It 'refuses Remove-DeviceMemory while the device is System RAM' {
            Add-DeviceMemory -Machine $m -Name dax0.0 -Type Generic -Start $DeviceStart -Size 1GB
            Set-DeviceMemory -Machine $m -Name dax0.0 -Mode SystemRam
            Remove-DeviceMemory -Machine $m -Name dax0.0 -ErrorAction SilentlyContinue -ErrorVariable err
            Assert-SimError $err[0] InvalidState InvalidOperation Remove-DeviceMemory
        }
    }

    Context 'sizing without a machine' {
        It 'sizes System RAM: MemTotal gains the blocks minus their memmap, the RAM cost is the page tables' {
            $with = Measure-Vmemmap -Size 2GB -SystemRam -MemmapOnMemory -KernelVersion 6.14
            $without = Measure-Vmemmap -Size 2GB -SystemRam -KernelVersion 6.14
            $with.MemmapOnMemory | Should -BeTrue
            $with.MemoryBlocks | Should -Be (2GB / $Block)
            $with.MemTotalGainBytes | Should -Be ($with.MemoryBlocks * ($Block - $MemmapPerBlock))
            $without.MemTotalGainBytes | Should -Be 2GB
            $without.VmemmapFromSystemRamBytes | Should -Be (2GB / 4096 * 64)
            $with.VmemmapFromSystemRamBytes | Should -Be 0
            $with.PageTableBytes | Should -Be $without.PageTableBytes
            $with.FreeGainBytes | Should -Be ($with.MemTotalGainBytes - $with.SystemRamUsedBytes)
        }
    }

    Context 'help' {
        It 'example "<Title>" of <Command> runs' -ForEach $examples {
            Invoke-HelpExample $Code
        }
    }
}
