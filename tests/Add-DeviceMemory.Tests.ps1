BeforeDiscovery {
    . $PSScriptRoot/common.ps1
    $examples = @(Get-HelpExample Add-DeviceMemory)
}

BeforeAll {
    . $PSScriptRoot/common.ps1
}

Describe 'Add-DeviceMemory' {
    Context 'contract' {
        It 'has the contract parameters' {
            Get-DeclaredParameter Add-DeviceMemory | Should -Be (@(
                    'Machine', 'Name', 'Start', 'Size', 'Type', 'Node', 'Altmap', 'Align', 'RequestedAlign', 'AltmapReservePages',
                    'AltmapFreePages', 'PassThru', 'WhatIf', 'Confirm') | Sort-Object)
        }

        It 'binds -Machine from the pipeline and Name/Start/Size/Type/Node by property name' {
            $parameters = (Get-Command Add-DeviceMemory).Parameters
            $parameters.Machine.Attributes.Where({ $_ -is [Parameter] }).ValueFromPipeline | Should -Contain $true
            foreach ($name in 'Name', 'Start', 'Size', 'Type', 'Node') {
                $parameters[$name].Attributes.Where({ $_ -is [Parameter] }).ValueFromPipelineByPropertyName | Should -Contain $true
            }
        }

        It 'declares its output type' {
            (Get-Command Add-DeviceMemory).OutputType.Type | Should -Be ([VmemmapPS.Core.DeviceMemory])
        }

        It 'emits nothing without -PassThru' {
            $m = New-SimMachine -Name (New-TestMachineName)
            Add-DeviceMemory -Machine $m -Name pmem0 -Start $DeviceStart -Size 4GB | Should -BeNullOrEmpty
            $m.Devices.Count | Should -Be 1
        }

        It 'emits a DeviceMemory with the contract properties with -PassThru' {
            $m = New-SimMachine -Name (New-TestMachineName)
            $d = Add-DeviceMemory -Machine $m -Name pmem0 -Start $DeviceStart -Size 4GB -PassThru
            foreach ($p in 'Name', 'Type', 'Start', 'Size', 'End', 'Node', 'MemmapLocation', 'UsableBytes', 'VmemmapBytes', 'Machine') {
                $d.PSObject.Properties.Name | Should -Contain $p
            }
            $d.Machine | Should -Be $m.Name
            $d.End | Should -Be ($DeviceStart + 4GB - 1)
        }
    }

    Context 'nvdimm geometry, derived from nd_pfn_init' {
        It '64 GiB fsdax on 4K with the altmap: memmap on the device, usable = size - offset' {
            $m = New-SimMachine -Name (New-TestMachineName)
            $d = Add-DeviceMemory -Machine $m -Name pmem0 -Start $DeviceStart -Size 64GB -Altmap -PassThru
            $geometry = Get-NvdimmGeometry -Start $DeviceStart -Size 64GB -PageSize 4KB -Altmap
            $d.MemmapLocation | Should -Be 'Device'
            $d.VmemmapBytes | Should -Be (64GB / 4KB * $StructPageSize)
            $d.UsableBytes | Should -Be $geometry.UsableBytes
            $d.Align | Should -Be 2MB
        }

        It '64 GiB fsdax on 4K without the altmap (map=mem): usable = size - ALIGN(8K, align)' {
            $m = New-SimMachine -Name (New-TestMachineName)
            $d = Add-DeviceMemory -Machine $m -Name pmem0 -Start $DeviceStart -Size 64GB -PassThru
            $d.MemmapLocation | Should -Be 'SystemRam'
            $d.UsableBytes | Should -Be (Get-NvdimmGeometry -Start $DeviceStart -Size 64GB -PageSize 4KB).UsableBytes
        }

        It 'the default PFN alignment is PMD_SIZE for <PageSize>' -ForEach @(
            @{ PageSize = 4KB }, @{ PageSize = 16KB }, @{ PageSize = 64KB }
        ) {
            $m = New-SimMachine -Name (New-TestMachineName) -PageSize $PageSize
            $d = Add-DeviceMemory -Machine $m -Name pmem0 -Start $DeviceStart -Size 64GB -Altmap -PassThru
            $d.Align | Should -Be $PmdSize[[int]$PageSize]
            $d.UsableBytes | Should -Be (Get-NvdimmGeometry -Start $DeviceStart -Size 64GB -PageSize $PageSize -Altmap).UsableBytes
        }

        It 'Generic memory has no info block: usable = size' {
            $m = New-SimMachine -Name (New-TestMachineName)
            $d = Add-DeviceMemory -Machine $m -Name cxl0 -Start $DeviceStart -Size 32GB -Type Generic -PassThru
            $d.UsableBytes | Should -Be 32GB
            $d.MemmapLocation | Should -Be 'SystemRam'
        }
    }

    Context 'arguments' {
        It 'accepts sizes and addresses as <Kind>' -ForEach @(
            @{ Kind = 'numbers'; Start = 0x1000000000; Size = 64GB }
            @{ Kind = 'unit strings'; Start = '64G'; Size = '64GiB' }
            @{ Kind = 'hex strings'; Start = '0x1000000000'; Size = '0x1000000000' }
            @{ Kind = 'ulong'; Start = [uint64]0x1000000000; Size = [uint64]64GB }
        ) {
            $m = New-SimMachine -Name (New-TestMachineName)
            $d = Add-DeviceMemory -Machine $m -Name pmem0 -Start $Start -Size $Size -PassThru
            $d.Start | Should -Be 0x1000000000
            $d.Size | Should -Be 64GB
        }

        It 'refuses a negative hex literal with an explanation' {
            $m = New-SimMachine -Name (New-TestMachineName)
            $before = Get-MachineState $m
            { Add-DeviceMemory -Machine $m -Name pmem0 -Start 0x80000000 -Size 1GB } |
                Should -Throw -ErrorId 'ParameterArgumentTransformationError,VmemmapPS.Commands.AddDeviceMemoryCommand' -ExpectedMessage '*negative Int32*0x80000000u*'
            Get-MachineState $m | Should -Be $before
        }
    }

    Context 'pipeline' {
        It 'binds the machine by value' {
            $m = New-SimMachine -Name (New-TestMachineName)
            $m | Add-DeviceMemory -Name pmem0 -Start $DeviceStart -Size 4GB
            $m.Devices.Name | Should -Be 'pmem0'
        }

        It 'adds one device per CSV row (by property name)' {
            $m = New-SimMachine -Name (New-TestMachineName)
            $rows = @"
Name,Start,Size,Type,Node
pmem0,0x1000000000,64G,FsDax,0
cxl0,0x2000000000,0x800000000,Generic,0
"@ | ConvertFrom-Csv
            $added = $rows | Add-DeviceMemory -Machine $m -PassThru
            $added.Name | Should -Be @('pmem0', 'cxl0')
            $added.Start | Should -Be @(0x1000000000, 0x2000000000)
            $added.Size | Should -Be @(64GB, 32GB)
            $added[1].Type | Should -Be 'Generic'
        }

        It 'keeps map=dev and altmap overrides through the pipeline: <Via>' -ForEach @(
            @{ Via = 'DeviceMemory objects'; Csv = $false }
            @{ Via = 'Export-Csv and Import-Csv'; Csv = $true }
        ) {
            $a = New-SimMachine -Name (New-TestMachineName)
            Add-DeviceMemory -Machine $a -Name pmem0 -Start $DeviceStart -Size 64GB -Altmap
            Add-DeviceMemory -Machine $a -Name pmem1 -Start ($DeviceStart + 64GB) -Size 64GB
            # 1G / 4K = 262144 pfns of Generic memory; their 64 B struct pages (16 MiB = 4096 pfns) from the range itself.
            $free = 1GB / 4KB * $StructPageSize / 4KB
            Add-DeviceMemory -Machine $a -Name cxl0 -Start ($DeviceStart + 128GB) -Size 1GB -Type Generic -AltmapReservePages 0 -AltmapFreePages $free
            $b = New-SimMachine -Name (New-TestMachineName)
            $devices = Get-DeviceMemory -Machine $a
            if ($Csv) {
                $file = Join-Path ([System.IO.Path]::GetTempPath()) "$(New-TestMachineName).csv"
                $devices | Export-Csv -LiteralPath $file
                $devices = Import-Csv -LiteralPath $file
            }
            $devices | Add-DeviceMemory -Machine $b
            $b.Devices.MemmapLocation | Should -Be @('Device', 'SystemRam', 'Device')
            $b.Devices[2].AltmapFreePages | Should -Be $free
            $b.SystemRamFreeBytes | Should -Be $a.SystemRamFreeBytes
        }

        It 'keeps a chosen -Align through the pipeline and scenario export: <Via>' -ForEach @(
            @{ Via = 'DeviceMemory objects' }
            @{ Via = 'Export-Csv and Import-Csv' }
            @{ Via = 'Export-SimScenario' }
        ) {
            # PAGE_SIZE alignment (4K) instead of the default PMD_SIZE (2M): nd_pfn_init pads the info block and the
            # memmap to 4K, not 2M, so the usable bytes differ from a default device's.
            $a = New-SimMachine -Name (New-TestMachineName) -KernelVersion 6.6
            Add-DeviceMemory -Machine $a -Name pmem0 -Start $DeviceStart -Size 64GB -Altmap -Align 4KB
            Add-DeviceMemory -Machine $a -Name pmem1 -Start ($DeviceStart + 64GB) -Size 64GB -Altmap
            $source = Get-DeviceMemory -Machine $a
            $source.RequestedAlign | Should -Be @(4KB, $null)
            $temp = Join-Path ([System.IO.Path]::GetTempPath()) (New-TestMachineName)
            if ($Via -eq 'Export-SimScenario') {
                Export-SimScenario -Machine $a -Path "$temp.yaml"
                $rebuilt = (Import-SimScenario -Path "$temp.yaml").Devices
                $rebuilt.Align | Should -Be @(4KB, $null)
                return
            }
            $devices = $source
            if ($Via -like 'Export-Csv*') {
                $devices | Export-Csv -LiteralPath "$temp.csv"
                $devices = Import-Csv -LiteralPath "$temp.csv"
            }
            $b = New-SimMachine -Name (New-TestMachineName) -KernelVersion 6.6
            $devices | Add-DeviceMemory -Machine $b
            $b.Devices.Align | Should -Be @(4KB, 2MB)
            $b.Devices.UsableBytes | Should -Be $a.Devices.UsableBytes
            $b.Devices.RequestedAlign | Should -Be @(4KB, $null)
        }

        It 'gives a copied default alignment the target page size default, and refuses a chosen one it does not support' {
            $a = New-SimMachine -Name (New-TestMachineName)
            Add-DeviceMemory -Machine $a -Name pmem0 -Start $DeviceStart -Size 16GB
            Add-DeviceMemory -Machine $a -Name pmem1 -Start ($DeviceStart + 16GB) -Size 16GB -Align 4KB
            $b = New-SimMachine -Name (New-TestMachineName) -PageSize 64KB
            Get-DeviceMemory -Machine $a | Add-DeviceMemory -Machine $b -ErrorAction SilentlyContinue -ErrorVariable err
            $b.Devices.Name | Should -Be 'pmem0'
            $b.Devices[0].Align | Should -Be 512MB
            $err[0].FullyQualifiedErrorId | Should -BeLike 'UnsupportedAlignment,*'
        }

        It 'reads an Altmap column as map=dev or map=mem and refuses other text' {
            $m = New-SimMachine -Name (New-TestMachineName)
            $rows = @"
Name,Start,Size,Altmap
pmem0,0x1000000000,16G,true
pmem1,0x1400000000,16G,false
"@ | ConvertFrom-Csv
            $rows | Add-DeviceMemory -Machine $m
            $m.Devices.MemmapLocation | Should -Be @('Device', 'SystemRam')
            $bad = [pscustomobject]@{ Name = 'pmem2'; Start = 0x1800000000; Size = 16GB; Altmap = 'maybe' }
            $before = Get-MachineState $m
            $bad | Add-DeviceMemory -Machine $m -ErrorAction SilentlyContinue -ErrorVariable err
            $err[0].FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentTransformationError*'
            Get-MachineState $m | Should -Be $before
        }

        It 'copies devices from one machine to another' {
            $a = New-SimMachine -Name (New-TestMachineName)
            Add-DeviceMemory -Machine $a -Name pmem0 -Start $DeviceStart -Size 16GB -Type DevDax
            $b = New-SimMachine -Name (New-TestMachineName) -PageSize 64KB
            Get-DeviceMemory -Machine $a | Add-DeviceMemory -Machine $b
            (Get-DeviceMemory -Machine $b | Select-Object Name, Type, Start, Size | ConvertTo-Json) |
                Should -Be (Get-DeviceMemory -Machine $a | Select-Object Name, Type, Start, Size | ConvertTo-Json)
        }
    }

    Context '-WhatIf' {
        It 'never changes the machine and with -PassThru emits what a real run produces' {
            $m = New-SimMachine -Name (New-TestMachineName)
            $before = Get-MachineState $m
            $preview = Add-DeviceMemory -Machine $m -Name pmem0 -Start $DeviceStart -Size 64GB -Altmap -WhatIf -PassThru
            Get-MachineState $m | Should -Be $before
            $real = Add-DeviceMemory -Machine $m -Name pmem0 -Start $DeviceStart -Size 64GB -Altmap -PassThru
            ($preview | Select-Object Name, Type, Start, Size, MemmapLocation, UsableBytes, VmemmapBytes, Machine | ConvertTo-Json) |
                Should -Be ($real | Select-Object Name, Type, Start, Size, MemmapLocation, UsableBytes, VmemmapBytes, Machine | ConvertTo-Json)
        }
    }

    Context 'progress' {
        It 'reports a large add section by section and closes the bar' {
            $records = Get-ProgressRecord '$m = New-SimMachine -Name progress; Add-DeviceMemory -Machine $m -Name big -Start 0x1000000000 -Size 1TB -Altmap' 'Hot-add big'
            $records.Count | Should -BeGreaterThan 2
            $records[0].StatusDescription | Should -Match '__add_pages'
            $records[-1].RecordType | Should -Be 'Completed'
            ($records | Select-Object -ExpandProperty ActivityId -Unique).Count | Should -Be 1
        }
    }

    Context 'completion' {
        It 'completes device names of the machine on the command line' {
            $name = New-TestMachineName
            $m = New-SimMachine -Name $name
            Add-DeviceMemory -Machine $m -Name pmem0 -Start $DeviceStart -Size 4GB
            Add-DeviceMemory -Machine $m -Name pmem1 -Start ($DeviceStart + 4GB) -Size 4GB
            Add-DeviceMemory -Machine $m -Name cxl0 -Start ($DeviceStart + 8GB) -Size 4GB -Type Generic
            $line = "Remove-DeviceMemory -Machine $name -Name pm"
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('pmem0', 'pmem1')
        }
    }

    Context 'errors name the kernel''s errno' {
        # Each refusal mirrors a kernel check; its errno is the one that check returns (include/uapi/asm-generic/errno*.h).
        It '<Case>: <Id> with -<Name> (<Errno>) in the message and the Errno property' -ForEach @(
            @{ Case = 'a PFN alignment nd_pfn_supported_alignments lacks'; Id = 'UnsupportedAlignment'; Name = 'EINVAL'; Errno = -22
               Make = { @{ Name = 'p0'; Type = 'FsDax'; Start = 0x140000000; Size = 1GB; Altmap = $true; Align = 4MB } } }
            @{ Case = 'a namespace under 16 MiB (too small to host)'; Id = 'AltmapTooSmall'; Name = 'ENXIO'; Errno = -6
               Make = { @{ Name = 'p0'; Type = 'FsDax'; Start = 0x140000000; Size = 4MB; Altmap = $true } } }
            @{ Case = 'a range past the mappable range (mhp_range_allowed)'; Id = 'OutsideMappableRange'; Name = 'EINVAL'; Errno = -22
               Make = { @{ Name = 'p0'; Type = 'FsDax'; Start = [uint64]1 -shl 48; Size = 1GB; Altmap = $true } } }
        ) {
            $m = New-SimMachine -Name errno -PageSize 4K -KernelVersion 6.12.107 -Memory 4GB -Force
            $arguments = & $Make
            Add-DeviceMemory -Machine $m @arguments -ErrorVariable err -ErrorAction SilentlyContinue
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeLike "$Id,*"
            $err[0].Exception.Errno | Should -Be $Errno
            $err[0].ToString() | Should -Match "-$Name\b"
            $m.Devices.Count | Should -Be 0
        }
    }

    Context 'refused input leaves the machine unchanged' {
        BeforeEach {
            $m = New-SimMachine -Name (New-TestMachineName)
            Add-DeviceMemory -Machine $m -Name pmem0 -Start $DeviceStart -Size 4GB
            $before = Get-MachineState $m
        }

        It '<Case> is <Id> (<Category>)' -ForEach @(
            @{ Case = 'a range over system RAM'; Id = 'DeviceMemoryOverlap'; Category = 'ResourceExists'; Arguments = @{ Name = 'bad'; Start = 0x40000000; Size = 1GB } }
            @{ Case = 'a range over another device'; Id = 'DeviceMemoryOverlap'; Category = 'ResourceExists'; Arguments = @{ Name = 'bad'; Start = 0x1000000000 + 2GB; Size = 16GB } }
            @{ Case = 'a taken name'; Id = 'DuplicateDeviceName'; Category = 'ResourceExists'; Arguments = @{ Name = 'pmem0'; Start = 0x2000000000; Size = 1GB } }
            @{ Case = 'a start off the 2 MiB subsection grid'; Id = 'UnalignedRange'; Category = 'InvalidArgument'; Arguments = @{ Name = 'bad'; Start = 0x2000001000; Size = 1GB } }
            @{ Case = 'a PUD alignment arm64 does not support'; Id = 'UnsupportedAlignment'; Category = 'InvalidArgument'; Arguments = @{ Name = 'bad'; Start = 0x2000000000; Size = 16GB; Align = 1GB } }
            @{ Case = 'a node the machine lacks'; Id = 'NodeNotFound'; Category = 'ObjectNotFound'; Arguments = @{ Name = 'bad'; Start = 0x2000000000; Size = 1GB; Node = 7 } }
            @{ Case = 'a zero size'; Id = 'InvalidSize'; Category = 'InvalidArgument'; Arguments = @{ Name = 'bad'; Start = 0x2000000000; Size = 0 } }
            @{ Case = 'an altmap reserve without a free count'; Id = 'InvalidAltmap'; Category = 'InvalidArgument'; Arguments = @{ Name = 'bad'; Start = 0x2000000000; Size = 1GB; Type = 'Generic'; AltmapReservePages = 16 } }
        ) {
            $null = Add-DeviceMemory -Machine $m @Arguments -ErrorAction SilentlyContinue -ErrorVariable err
            Assert-SimError $err[0] $Id $Category Add-DeviceMemory
            Get-MachineState $m | Should -Be $before
        }

        It 'an nvdimm namespace too small for its own memmap is AltmapTooSmall (LimitsExceeded)' {
            # 2 MiB with map=dev on 4K: npfns = (2M - 8K) / 4K = 510; offset = ALIGN(8K + 64 * 510, 2M) = 2 MiB,
            # which is not below size - end_trunc = 2 MiB: nd_pfn_init fails with -ENXIO.
            $null = Add-DeviceMemory -Machine $m -Name tiny -Start 0x2000000000 -Size 2MB -Altmap -ErrorAction SilentlyContinue -ErrorVariable err
            Assert-SimError $err[0] AltmapTooSmall LimitsExceeded Add-DeviceMemory
            Get-MachineState $m | Should -Be $before
        }
    }

    Context 'help' {
        It 'example "<Title>" runs' -ForEach $examples {
            Invoke-HelpExample $Code
        }
    }
}
