BeforeDiscovery {
    . $PSScriptRoot/common.ps1
    $examples = @(Get-HelpExample Get-SimPageTable)
}

BeforeAll {
    . $PSScriptRoot/common.ps1
    $m = New-SimMachine -Name (New-TestMachineName)
    Add-DeviceMemory -Machine $m -Name pmem0 -Start $DeviceStart -Size 64GB -Altmap
}

Describe 'Get-SimPageTable' {
    Context 'contract' {
        It 'has the contract parameters' {
            Get-DeclaredParameter Get-SimPageTable | Should -Be (@('Machine', 'Region', 'Level', 'Device', 'Expand') | Sort-Object)
        }

        It 'declares its output type' {
            (Get-Command Get-SimPageTable).OutputType.Type | Should -Be @([VmemmapPS.Core.TablePageRun], [VmemmapPS.Core.TablePageInfo])
        }
    }

    Context 'filters' {
        It 'returns only the region asked for: <_>' -ForEach @('Vmemmap', 'Linear') {
            $tables = Get-SimPageTable -Machine $m -Region $_
            $tables | Should -Not -BeNullOrEmpty
            $tables.Region | Sort-Object -Unique | Should -Be $_
        }

        It 'returns only the level asked for' {
            (Get-SimPageTable -Machine $m -Level 3).Level | Sort-Object -Unique | Should -Be 3
            (Get-SimPageTable -Machine $m -Level 3 -Expand).Level | Sort-Object -Unique | Should -Be 3
        }
    }

    Context 'linear map of a hot-added device with rodata_full (page granular, from system RAM)' {
        BeforeAll {
            $linear = @(Get-SimPageTable -Machine $m -Region Linear -Device pmem0 -Expand)
            $vmemmapTables = @(Get-SimPageTable -Machine $m -Region Vmemmap -Device pmem0 -Expand)
            $linearRuns = @(Get-SimPageTable -Machine $m -Region Linear -Device pmem0)
        }

        It 'emits runs by default: as many table pages in the runs as -Expand emits, in far fewer rows' {
            ($linearRuns | Measure-Object -Sum Tables).Sum | Should -Be $linear.Count
            ($linearRuns | Measure-Object -Sum Bytes).Sum | Should -Be ($linear.Count * 4KB)
            # 32768 PTE tables and 64 PMD tables. Each GiB's PMD table is allocated just before its 512 PTE tables,
            # so the PTE tables are back to back in memory at most a GiB at a time: at most 64 + 64 runs, not 32832.
            $linearRuns.Count | Should -BeLessOrEqual (2 * 64GB / 1GB)
            $linearRuns | ForEach-Object { $_ | Should -BeOfType [VmemmapPS.Core.TablePageRun] }
        }

        It 'a PTE run spans one 2 MiB of linear map per table, and its tables follow each other in memory' {
            foreach ($run in $linearRuns.Where({ $_.Level -eq 3 })) {
                $run.Span | Should -Be ($run.Tables * 2MB)
                $run.EntriesUsed | Should -Be 512
                $expanded = $linear.Where({ $_.Level -eq 3 -and $_.VirtualBase -ge $run.VirtualBase -and $_.VirtualBase -lt $run.VirtualBase + $run.Span })
                $expanded.Count | Should -Be $run.Tables
                ($expanded.PhysAddr | Sort-Object)[0] | Should -Be $run.PhysAddr
            }
        }

        It 'needs one PTE table per 2 MiB and one PMD table per 1 GiB of device memory' {
            $linear.Where({ $_.Level -eq 3 }).Count | Should -Be (64GB / 2MB)
            $linear.Where({ $_.Level -eq 2 }).Count | Should -Be (64GB / 1GB)
            ($linearRuns.Where({ $_.Level -eq 3 }) | Measure-Object -Sum Tables).Sum | Should -Be (64GB / 2MB)
            ($linearRuns.Where({ $_.Level -eq 2 }) | Measure-Object -Sum Tables).Sum | Should -Be (64GB / 1GB)
        }

        It 'agrees with Measure-Vmemmap about the bytes of table pages per device' {
            $usage = Measure-Vmemmap -Machine $m | Where-Object Device -EQ pmem0
            $linear.Count * 4KB | Should -Be $usage.LinearMapPageTableBytes
            $vmemmapTables.Count * 4KB | Should -Be $usage.VmemmapPageTableBytes
        }

        It 'filters by device: boot tables have none' {
            $linear.Device | Sort-Object -Unique | Should -Be 'pmem0'
            @(Get-SimPageTable -Machine $m -Device nope*).Count | Should -Be 0
        }
    }

    Context 'help' {
        It 'example "<Title>" runs' -ForEach $examples {
            Invoke-HelpExample $Code
        }
    }
}
