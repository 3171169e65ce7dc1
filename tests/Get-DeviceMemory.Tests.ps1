BeforeDiscovery {
    . $PSScriptRoot/common.ps1
    $examples = @(Get-HelpExample Get-DeviceMemory)
}

BeforeAll {
    . $PSScriptRoot/common.ps1
    $m = New-SimMachine -Name (New-TestMachineName)
    Add-DeviceMemory -Machine $m -Name pmem0 -Start $DeviceStart -Size 64GB -Altmap
    Add-DeviceMemory -Machine $m -Name pmem1 -Start ($DeviceStart + 64GB) -Size 16GB
    Add-DeviceMemory -Machine $m -Name cxl0 -Start ($DeviceStart + 128GB) -Size 32GB -Type Generic -Node 0
}

Describe 'Get-DeviceMemory' {
    Context 'contract' {
        It 'has the contract parameters' {
            Get-DeclaredParameter Get-DeviceMemory | Should -Be @('InputObject', 'Machine', 'Name')
        }

        It 'declares its output type' {
            (Get-Command Get-DeviceMemory).OutputType.Type | Should -Be ([VmemmapPS.Core.DeviceMemory])
        }

        It 'keeps sizes and addresses as unsigned numbers' {
            $d = Get-DeviceMemory -Machine $m -Name pmem0
            foreach ($p in 'Start', 'Size', 'End', 'UsableBytes', 'VmemmapBytes') { $d.$p | Should -BeOfType [uint64] }
            $d.MemmapLocation | Should -BeOfType [VmemmapPS.Core.MemmapLocation]
        }

        It 'exports to CSV with one column per contract property' {
            $csv = Get-DeviceMemory -Machine $m | Select-Object Name, Type, Start, Size, End, Node, MemmapLocation, UsableBytes, VmemmapBytes, Machine |
                ConvertTo-Csv | ConvertFrom-Csv
            $csv.Count | Should -Be 3
            [uint64]$csv[0].Size | Should -Be 64GB
            $csv[0].MemmapLocation | Should -Be 'Device'
        }

        It 'round-trips through ConvertTo-Json -Depth 2 with numbers intact' {
            $json = Get-DeviceMemory -Machine $m -Name pmem0 | ConvertTo-Json -Depth 2 -WarningAction SilentlyContinue | ConvertFrom-Json
            $json.Size | Should -Be 64GB
            $json.Start | Should -Be $DeviceStart
            $json.Machine | Should -Be $m.Name
        }
    }

    Context 'lookup' {
        It 'lists devices in add order' {
            (Get-DeviceMemory -Machine $m).Name | Should -Be @('pmem0', 'pmem1', 'cxl0')
        }

        It 'filters by wildcard' {
            (Get-DeviceMemory -Machine $m -Name pmem*).Name | Should -Be @('pmem0', 'pmem1')
        }

        It 'binds the machine by value and by session name' {
            ($m | Get-DeviceMemory -Name cxl0).Type | Should -Be 'Generic'
            (Get-DeviceMemory -Machine $m.Name -Name cxl0).Type | Should -Be 'Generic'
        }

        It 'reports vmemmap bytes as size / page size * 64 for every device' {
            foreach ($d in Get-DeviceMemory -Machine $m) { $d.VmemmapBytes | Should -Be ($d.Size / 4KB * $StructPageSize) }
        }
    }

    Context 'errors' {
        It 'an exact name that matches nothing is DeviceNotFound' {
            $null = Get-DeviceMemory -Machine $m -Name nope -ErrorAction SilentlyContinue -ErrorVariable err
            Assert-SimError $err[0] DeviceNotFound ObjectNotFound Get-DeviceMemory
        }
    }

    Context 'help' {
        It 'example "<Title>" runs' -ForEach $examples {
            Invoke-HelpExample $Code
        }
    }
}
