BeforeDiscovery {
    . $PSScriptRoot/common.ps1
    $examples = @(Get-HelpExample Get-SimPageOwner)
}

BeforeAll {
    . $PSScriptRoot/common.ps1
    $m = New-SimMachine -Name (New-TestMachineName)
    # map=mem Generic range: its memmap (one 64-byte struct page per 4K page) comes from system RAM.
    Add-DeviceMemory -Machine $m -Name cxl0 -Type Generic -Start $DeviceStart -Size 16GB
}

Describe 'Get-SimPageOwner' {
    Context 'contract' {
        It 'has the contract parameters' {
            Get-DeclaredParameter Get-SimPageOwner | Should -Be (@('Machine', 'PhysAddr', 'Purpose', 'Device') | Sort-Object)
        }

        It 'declares its output type' {
            (Get-Command Get-SimPageOwner).OutputType.Type | Should -Be ([VmemmapPS.Core.PageOwnerInfo])
        }
    }

    Context 'where RAM went' {
        It 'lists the 16 GiB memmap of cxl0 as VmemmapData from vmemmap_alloc_block' {
            $data = @(Get-SimPageOwner -Machine $m -Device cxl0 -Purpose VmemmapData)
            ($data | Measure-Object -Property Bytes -Sum).Sum | Should -Be (16GB / 4KB * $StructPageSize)
            $data.Device | Sort-Object -Unique | Should -BeExactly 'cxl0'
            $data.KernelFunction | Sort-Object -Unique | Should -Match 'vmemmap_alloc_block'
        }

        It 'matches a device given in another case' {
            @(Get-SimPageOwner -Machine $m -Device CXL0).Count | Should -Be @(Get-SimPageOwner -Machine $m -Device cxl0).Count
        }

        It 'accounts for every allocated RAM page exactly once' {
            $owned = (Get-SimPageOwner -Machine $m | Measure-Object -Property Bytes -Sum).Sum
            $owned | Should -Be ($m.SystemRamTotalBytes - $m.SystemRamFreeBytes)
        }

        It 'gives the run holding an address inside it' {
            $run = Get-SimPageOwner -Machine $m -Device cxl0 -Purpose VmemmapData | Select-Object -First 1
            $hit = Get-SimPageOwner -Machine $m -PhysAddr ($run.PhysAddr + $run.Bytes - 1)
            $hit.PhysAddr | Should -Be $run.PhysAddr
            $hit.Purpose | Should -Be 'VmemmapData'
            $hit.Device | Should -BeExactly 'cxl0'
        }

        It 'gives a one-page Free row for a free page' {
            [uint64]$pa = 0x40000000
            foreach ($r in (Get-SimPageOwner -Machine $m | Sort-Object PhysAddr)) {
                if ($r.PhysAddr -gt $pa) { break }
                $pa = [System.Math]::Max($pa, [uint64]($r.PhysAddr + $r.Bytes))
            }

            $free = Get-SimPageOwner -Machine $m -PhysAddr $pa
            $free.Purpose | Should -Be 'Free'
            $free.Pages | Should -Be 1
            $free.PhysAddr | Should -Be $pa
        }

        It 'refuses an address outside RAM with NotSystemRam and the address as target' {
            Get-SimPageOwner -Machine $m -PhysAddr $DeviceStart -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $err[0].FullyQualifiedErrorId | Should -BeLike 'NotSystemRam,*'
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $err[0].TargetObject | Should -Be $DeviceStart
        }

        It 'fits the table view in 80 columns' {
            $lines = (Get-SimPageOwner -Machine $m -Device cxl0 | Format-Table | Out-String -Width 80) -split "`n"
            $lines | Where-Object { $_ -match 'VmemmapData' } | Should -Not -BeNullOrEmpty
            $lines | Where-Object { $_ -match '\.\.\.|…' } | Should -BeNullOrEmpty
        }
    }

    Context 'help' {
        It 'example "<Title>" runs' -ForEach $examples {
            Invoke-HelpExample $Code
        }
    }
}
