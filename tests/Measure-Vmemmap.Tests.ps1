BeforeDiscovery {
    . $PSScriptRoot/common.ps1
    $examples = @(Get-HelpExample Measure-Vmemmap)
}

BeforeAll {
    . $PSScriptRoot/common.ps1
}

Describe 'Measure-Vmemmap' {
    Context 'contract' {
        It 'has the contract parameters' {
            Get-DeclaredParameter Measure-Vmemmap | Should -Be (@('Machine', 'InputObject', 'Total', 'Size', 'PageSize', 'Altmap', 'Memmap', 'Align', 'KernelVersion', 'VaBits', 'SystemRam', 'MemmapOnMemory') | Sort-Object)
        }

        It 'has a machine, a sizing and a System RAM sizing parameter set' {
            (Get-Command Measure-Vmemmap).ParameterSets.Name | Sort-Object | Should -Be @('ByInputObject', 'Machine', 'Sizing', 'SystemRamSizing')
        }

        It 'declares both output types' {
            (Get-Command Measure-Vmemmap).OutputType.Type | Should -Contain ([VmemmapPS.Core.UsageRow])
            (Get-Command Measure-Vmemmap).OutputType.Type | Should -Contain ([VmemmapPS.Core.SizingRow])
        }
    }

    Context 'usage on a machine: 64 GiB fsdax on 4K pages (kernel-derived numbers)' {
        BeforeAll {
            $m = New-SimMachine -Name (New-TestMachineName)
            Add-DeviceMemory -Machine $m -Name dev0 -Start $DeviceStart -Size 64GB -Altmap
            Add-DeviceMemory -Machine $m -Name mem0 -Start ($DeviceStart + 64GB) -Size 64GB
            $rows = Measure-Vmemmap -Machine $m
            $total = Measure-Vmemmap -Machine $m -Total
            $dev = $rows | Where-Object Device -EQ dev0
            $mem = $rows | Where-Object Device -EQ mem0
            $vmemmap = 64GB / 4KB * $StructPageSize   # 1 GiB
            # rodata_full: the linear map is page granular, one PTE table per 2 MiB, one PMD table per 1 GiB
            $linearTables = (64GB / 2MB + 64GB / 1GB) * 4KB
        }

        It 'emits the contract properties, one row per device, and the total only with -Total' {
            $rows.Device | Should -Be @('dev0', 'mem0')
            @($total).Count | Should -Be 1
            $total.Device | Should -Be '(total)'
            foreach ($p in 'Device', 'VmemmapBytes', 'VmemmapFromAltmapBytes', 'VmemmapFromSystemRamBytes', 'VmemmapPageTableBytes', 'LinearMapPageTableBytes', 'SystemRamUsedBytes') {
                $dev.PSObject.Properties.Name | Should -Contain $p
            }
        }

        It 'map=dev: the whole 1 GiB memmap comes from the altmap' {
            $dev.VmemmapBytes | Should -Be $vmemmap
            $dev.VmemmapFromAltmapBytes | Should -Be $vmemmap
            $dev.VmemmapFromSystemRamBytes | Should -Be 0
        }

        It 'map=mem: the whole 1 GiB memmap comes from system RAM' {
            $mem.VmemmapBytes | Should -Be $vmemmap
            $mem.VmemmapFromAltmapBytes | Should -Be 0
            $mem.VmemmapFromSystemRamBytes | Should -Be $vmemmap
        }

        It 'the linear map costs the same either way: <_>' -ForEach @('dev0', 'mem0') {
            ($rows | Where-Object Device -EQ $_).LinearMapPageTableBytes | Should -Be $linearTables
        }

        It 'system RAM used = memmap from RAM + vmemmap tables + linear-map tables' {
            foreach ($row in $dev, $mem) {
                $row.SystemRamUsedBytes | Should -Be ($row.VmemmapFromSystemRamBytes + $row.VmemmapPageTableBytes + $row.LinearMapPageTableBytes)
            }
        }

        It 'the total row sums the devices, so sums of the default rows count each device once' {
            ($rows | Measure-Object -Sum VmemmapBytes).Sum | Should -Be $total.VmemmapBytes
            foreach ($p in 'VmemmapBytes', 'VmemmapFromAltmapBytes', 'VmemmapFromSystemRamBytes', 'LinearMapPageTableBytes') {
                $total.$p | Should -Be ($dev.$p + $mem.$p)
            }
        }

        It 'rows are flat: every property is a number, a string or an enum (Export-Csv friendly)' {
            foreach ($row in $rows) {
                foreach ($p in $row.PSObject.Properties) {
                    ($p.Value -is [string] -or $p.Value -is [enum] -or $p.Value -is [uint64] -or $p.Value -is [long] -or $p.Value -is [int]) |
                        Should -BeTrue -Because "$($p.Name) is $($p.TypeNameOfValue)"
                }
            }
        }

        It 'binds the machine by value' {
            ($m | Measure-Vmemmap).Count | Should -Be 2
        }
    }

    Context 'sizing without a machine' {
        It '64 GiB map=dev on 4K: reserve, free and usable as nd_pfn_init sets them' {
            $row = Measure-Vmemmap -Size 64GB -Altmap
            $geometry = Get-NvdimmGeometry -Start 0 -Size 64GB -PageSize 4KB -Altmap
            foreach ($p in 'Size', 'PageSize', 'VmemmapBytes', 'AltmapReservePages', 'AltmapFreePages', 'UsableBytes') {
                $row.PSObject.Properties.Name | Should -Contain $p
            }
            $row.Size | Should -Be 64GB
            $row.PageSize | Should -Be 4096
            $row.VmemmapBytes | Should -Be (64GB / 4KB * $StructPageSize)
            $row.AltmapReservePages | Should -Be 2
            $row.AltmapFreePages | Should -Be $geometry.Free
            $row.UsableBytes | Should -Be $geometry.UsableBytes
        }

        It 'vmemmap is size / page size * 64 for <PageSize>' -ForEach @(@{ PageSize = 4KB }, @{ PageSize = 16KB }, @{ PageSize = 64KB }) {
            (Measure-Vmemmap -Size 1TB -PageSize $PageSize).VmemmapBytes | Should -Be (1TB / $PageSize * $StructPageSize)
        }

        It 'map=mem keeps only the info block and alignment pad off the device' {
            $row = Measure-Vmemmap -Size 64GB -PageSize 64KB
            $row.UsableBytes | Should -Be (Get-NvdimmGeometry -Start 0 -Size 64GB -PageSize 64KB).UsableBytes
        }

        It 'emits one row per size, sizes given as strings too' {
            (Measure-Vmemmap -Size 64GB, '256G', '0x10000000000').Size | Should -Be @(64GB, 256GB, 1TB)
        }

        It 'takes fractional literals that are whole bytes, and underscores in hex' {
            (Measure-Vmemmap -Size 1.5GB).Size | Should -Be (1GB + 512MB)
            (Measure-Vmemmap -Size '0x4_0000_0000').Size | Should -Be 16GB
        }

        It 'refuses sizes that are not whole bytes or not sizes at all' {
            { Measure-Vmemmap -Size 1.25 } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,VmemmapPS.Commands.MeasureVmemmapCommand'
            { Measure-Vmemmap -Size '64 apples' } | Should -Throw -ExpectedMessage "*'64 apples' is not a size or address*"
            { Measure-Vmemmap -Size (-1) } | Should -Throw -ExpectedMessage '*negative*'
        }

        It 'refuses a page size that is not a granule' {
            { Measure-Vmemmap -Size 64GB -PageSize 8KB } | Should -Throw -ErrorId 'ParameterArgumentValidationError,VmemmapPS.Commands.MeasureVmemmapCommand'
        }

        It 'reports an unknown kernel version as UnknownKernelVersion' {
            $null = Measure-Vmemmap -Size 64GB -KernelVersion 3.10 -ErrorAction SilentlyContinue -ErrorVariable err
            Assert-SimError $err[0] UnknownKernelVersion InvalidArgument Measure-Vmemmap
        }
    }

    Context 'sizing matrix: several sizes, page sizes, kernels and memmap locations in one call' {
        BeforeAll {
            $sizes = 64GB, 256GB
            $pageSizes = 4KB, 64KB
            $kernels = '5.8', '6.6'
            $memmaps = 'Device', 'SystemRam'
            $rows = @(Measure-Vmemmap -Size $sizes -PageSize $pageSizes -KernelVersion $kernels -Memmap $memmaps)
            # The combinations in the documented order: the first parameter varies slowest.
            $expected = foreach ($s in $sizes) { foreach ($p in $pageSizes) { foreach ($k in $kernels) { foreach ($m in $memmaps) {
                            [pscustomobject]@{ Size = [uint64]$s; PageSize = [uint64]$p; Kernel = $k; Memmap = $m } } } } }
        }

        It 'emits one row per combination, first parameter slowest' {
            $rows.Count | Should -Be 16
            for ($i = 0; $i -lt 16; $i++) {
                $rows[$i].Size | Should -Be $expected[$i].Size
                $rows[$i].PageSize | Should -Be $expected[$i].PageSize
                $rows[$i].KernelVersion | Should -Be $expected[$i].Kernel
                "$($rows[$i].MemmapLocation)" | Should -Be $expected[$i].Memmap
            }
        }

        It 'every row has the struct pages of size / page size * 64, split between RAM and device' {
            foreach ($row in $rows) {
                $memmap = [uint64]($row.Size / $row.PageSize * $StructPageSize)
                $row.VmemmapBytes | Should -Be $memmap
                ($row.VmemmapFromSystemRamBytes + $row.VmemmapFromAltmapBytes) | Should -Be $memmap
            }
        }

        It 'map=dev puts the memmap on the device from 5.9 on; 5.8 arm64 ignores the altmap and takes RAM' {
            foreach ($row in $rows | Where-Object { "$($_.MemmapLocation)" -eq 'Device' }) {
                $onDevice = $row.KernelVersion -ne '5.8'
                $row.VmemmapFromAltmapBytes | Should -Be ($(if ($onDevice) { $row.VmemmapBytes } else { 0 })) -Because "kernel $($row.KernelVersion)"
            }
            foreach ($row in $rows | Where-Object { "$($_.MemmapLocation)" -eq 'SystemRam' }) {
                $row.VmemmapFromSystemRamBytes | Should -Be $row.VmemmapBytes
            }
        }

        It 'page tables, and the costs as percentages of the size' {
            foreach ($row in $rows) {
                $row.PageTableBytes | Should -Be ($row.VmemmapPageTableBytes + $row.LinearMapPageTableBytes)
                $row.SystemRamPercent | Should -Be ([math]::Round($row.SystemRamUsedBytes * 100.0 / $row.Size, 4))
                $row.DevicePercent | Should -Be ([math]::Round(($row.Size - $row.UsableBytes) * 100.0 / $row.Size, 4))
            }
        }

        It '-Altmap is -Memmap Device' {
            $a = Measure-Vmemmap -Size 64GB -Altmap -KernelVersion 6.6
            $b = Measure-Vmemmap -Size 64GB -Memmap Device -KernelVersion 6.6
            ($a | ConvertTo-Json) | Should -Be ($b | ConvertTo-Json)
        }

        It 'a bad value among several is refused before any row is computed' {
            { Measure-Vmemmap -Size 64GB -PageSize 4KB, 8KB } | Should -Throw -ErrorId 'ParameterArgumentValidationError,VmemmapPS.Commands.MeasureVmemmapCommand'
        }

        It 'the table fits 80 columns and shows the kernel' {
            $text = $rows | Out-String -Width 80
            foreach ($line in $text -split "`r?`n") { $line.Length | Should -BeLessOrEqual 80 }
            $header = ($text -split "`r?`n" | Where-Object { $_ -match '\S' })[0]
            $header | Should -Match 'Kernel'
            $header | Should -Match 'Memmap'
            $text | Should -Match '\b5\.8\b'
            $text | Should -Match '\b6\.6\b'
        }
    }

    Context 'help' {
        It 'example "<Title>" runs' -ForEach $examples {
            Invoke-HelpExample $Code
        }
    }
}
