# Pipeline and parameter consistency across cmdlets: what one cmdlet emits, the next one takes, and the device
# filter means the same everywhere.
BeforeAll {
    . $PSScriptRoot/common.ps1
}

Describe 'pipeline consistency' {
    BeforeAll {
        $m = New-SimMachine -Name (New-TestMachineName)
        Add-DeviceMemory -Machine $m -Name pmem0 -Start $DeviceStart -Size 64GB -Altmap
        Add-DeviceMemory -Machine $m -Name pmem1 -Start ($DeviceStart + 64GB) -Size 64GB
        Add-DeviceMemory -Machine $m -Name cxl0 -Start ($DeviceStart + 128GB) -Size 16GB -Type Generic
        # A second machine that took the same device names: piped devices must still go to their own machine.
        $other = New-SimMachine -Name (New-TestMachineName) -PageSize 64KB
        Add-DeviceMemory -Machine $other -Name pmem0 -Start $DeviceStart -Size 64GB -Altmap
    }

    Context 'DeviceMemory objects pipe into the cmdlets that read one device' {
        It 'Get-VmemAltmap gives the altmaps of the piped devices only (map=mem has none)' {
            $rows = @(Get-DeviceMemory -Machine $m -Name pmem* | Get-VmemAltmap)
            $rows.Device | Should -Be 'pmem0'
            # 64 GiB / 4 KiB * 64 B = 1 GiB of struct pages = 262,144 pfns from the altmap
            $rows[0].Alloc | Should -Be (64GB / 4KB * $StructPageSize / 4KB)
        }

        It 'Get-VmemmapMapping gives the piped devices'' mappings, each from its own machine' {
            $rows = @(Get-DeviceMemory -Machine $m -Name pmem0 | Get-VmemmapMapping)
            ($rows | Measure-Object -Sum Size).Sum | Should -Be (64GB / 4KB * $StructPageSize)
            $rows.Device | Sort-Object -Unique | Should -Be 'pmem0'
            # On 64K pages the same 64 GiB has 64 MiB of struct pages.
            $theirs = @(Get-DeviceMemory -Machine $other | Get-VmemmapMapping)
            ($theirs | Measure-Object -Sum Size).Sum | Should -Be (64GB / 64KB * $StructPageSize)
        }

        It 'Measure-Vmemmap gives one usage row per piped device' {
            $rows = @(Get-DeviceMemory -Machine $m | Measure-Vmemmap)
            $rows.Device | Should -Be @('pmem0', 'pmem1', 'cxl0')
            $rows[1].VmemmapFromSystemRamBytes | Should -Be (64GB / 4KB * $StructPageSize)
        }

        It 'Get-DeviceMemory reads a piped device again' {
            (Get-DeviceMemory -Machine $m -Name cxl0 | Get-DeviceMemory).Type | Should -Be 'Generic'
        }

        It 'takes an object with Machine and Name in <Command>, as Remove-DeviceMemory does' -ForEach @(
            @{ Command = 'Get-DeviceMemory' }
            @{ Command = 'Get-VmemAltmap' }
            @{ Command = 'Get-VmemmapMapping' }
            @{ Command = 'Measure-Vmemmap' }
        ) {
            $out = @([pscustomobject]@{ Machine = $m.Name; Name = 'pmem0' } | & $Command -ErrorAction Stop)
            $out.Count | Should -BeGreaterThan 0
            # Every row is about pmem0, whichever property names the device.
            foreach ($row in $out) { $(if ($row.PSObject.Properties['Device']) { $row.Device } else { $row.Name }) | Should -Be 'pmem0' }
        }

        It 'takes Import-Csv rows of Get-DeviceMemory in <Command>' -ForEach @(
            @{ Command = 'Get-DeviceMemory' }
            @{ Command = 'Get-VmemAltmap' }
            @{ Command = 'Get-VmemmapMapping' }
            @{ Command = 'Measure-Vmemmap' }
            @{ Command = 'Remove-DeviceMemory' }
        ) {
            $csv = Get-DeviceMemory -Machine $m -Name pmem0 | ConvertTo-Csv | ConvertFrom-Csv
            $arguments = @{}
            if ($Command -eq 'Remove-DeviceMemory') { $arguments.WhatIf = $true }
            $out = @($csv | & $Command @arguments -ErrorAction Stop)
            if ($Command -eq 'Remove-DeviceMemory') { $m.Devices.Name | Should -Contain 'pmem0'; return }
            $out.Count | Should -BeGreaterThan 0
            foreach ($row in $out) { $(if ($row.PSObject.Properties['Device']) { $row.Device } else { $row.Name }) | Should -Be 'pmem0' }
        }

        It 'a piped device of a machine that is gone is MachineNotFound in <Command>' -ForEach @(
            @{ Command = 'Get-DeviceMemory' }
            @{ Command = 'Get-VmemAltmap' }
            @{ Command = 'Get-VmemmapMapping' }
            @{ Command = 'Measure-Vmemmap' }
        ) {
            $null = [pscustomobject]@{ Machine = 'no-such-machine'; Name = 'pmem0' } | & $Command -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].FullyQualifiedErrorId | Should -BeLike 'MachineNotFound,*'
        }
    }

    Context 'sizes from the pipeline' {
        It '64GB, 1TB | Measure-Vmemmap sizes both without prompting' {
            $rows = @(64GB, 1TB | Measure-Vmemmap -Altmap)
            $rows.Size | Should -Be @(64GB, 1TB)
            $rows.VmemmapFromAltmapBytes | Should -Be @((64GB / 4KB * $StructPageSize), (1TB / 4KB * $StructPageSize))
        }

        It 'a piped string still names a machine, as everywhere else' {
            (@($m.Name) | Measure-Vmemmap).Device | Should -Be @('pmem0', 'pmem1', 'cxl0')
        }
    }

    Context 'the machine total is apart from the device rows' {
        It 'the default rows are devices only, so Export-Csv and sums count each device once' {
            $rows = @(Measure-Vmemmap -Machine $m)
            $rows.Device | Should -Not -Contain '(total)'
            $total = Measure-Vmemmap -Machine $m -Total
            ($rows | Measure-Object -Sum SystemRamUsedBytes).Sum | Should -Be $total.SystemRamUsedBytes
            $csv = $rows | ConvertTo-Csv | ConvertFrom-Csv
            $csv.Count | Should -Be 3
        }
    }

    Context 'the device filter is -Device everywhere (and -Name on the *-DeviceMemory cmdlets, with -Device as alias)' {
        It '<Command> -Device takes several names and wildcards' -ForEach @(
            @{ Command = 'Get-DeviceMemory' }
            @{ Command = 'Get-VmemAltmap' }
            @{ Command = 'Get-VmemmapMapping' }
            @{ Command = 'Get-SimAllocation' }
            @{ Command = 'Get-SimPageTable' }
            @{ Command = 'Get-SimWarning' }
            @{ Command = 'Get-SimPageOwner' }
        ) {
            $p = (Get-Command $Command).ResolveParameter('Device')
            $p.ParameterType | Should -Be ([string[]])
            $p.Attributes.Where({ $_ -is [System.Management.Automation.SupportsWildcardsAttribute] }).Count | Should -Be 1
        }

        It 'Get-VmemmapMapping -Device with a wildcard and several names' {
            $rows = @(Get-VmemmapMapping -Machine $m -Device 'pmem*', 'cxl0')
            $rows.Device | Sort-Object -Unique | Should -Be @('cxl0', 'pmem0', 'pmem1')
            $null = Get-VmemmapMapping -Machine $m -Device nope -ErrorAction SilentlyContinue -ErrorVariable err
            Assert-SimError $err[0] DeviceNotFound ObjectNotFound Get-VmemmapMapping
        }

        It 'Remove-DeviceMemory -Device (alias) takes wildcards and removes each match' {
            $r = New-SimMachine -Name (New-TestMachineName)
            Add-DeviceMemory -Machine $r -Name pmem0 -Start $DeviceStart -Size 4GB
            Add-DeviceMemory -Machine $r -Name pmem1 -Start ($DeviceStart + 4GB) -Size 4GB
            Add-DeviceMemory -Machine $r -Name cxl0 -Start ($DeviceStart + 8GB) -Size 4GB -Type Generic
            Remove-DeviceMemory -Machine $r -Device pmem* -WhatIf
            $r.Devices.Count | Should -Be 3
            Remove-DeviceMemory -Machine $r -Device pmem*
            $r.Devices.Name | Should -Be 'cxl0'
        }
    }
}
