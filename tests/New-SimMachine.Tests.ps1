BeforeDiscovery {
    . $PSScriptRoot/common.ps1
    $examples = @(Get-HelpExample New-SimMachine)
}

BeforeAll {
    . $PSScriptRoot/common.ps1
}

Describe 'New-SimMachine' {
    Context 'contract' {
        It 'has the contract parameters' {
            Get-DeclaredParameter New-SimMachine |
                Should -Be (@('Name', 'Force', 'PageSize', 'VaBits', 'KernelVersion', 'Memory', 'MemoryStart', 'NodeMemory', 'RodataFull', 'Bbml2NoAbort', 'DefaultOnlineType') | Sort-Object)
        }

        It 'declares its output type' {
            (Get-Command New-SimMachine).OutputType.Type | Should -Be ([VmemmapPS.Core.SimMachine])
        }

        It 'emits a machine with the contract properties' {
            $m = New-SimMachine -Name (New-TestMachineName)
            foreach ($p in 'Name', 'PageSize', 'VaBits', 'KernelVersion', 'SystemRamTotalBytes', 'SystemRamFreeBytes') {
                $m.PSObject.Properties.Name | Should -Contain $p
            }
        }
    }

    Context 'machines' {
        It 'boots the documented default: 4K pages, VA_BITS 48, kernel 5.9, 8 GiB of RAM' {
            $m = New-SimMachine -Name (New-TestMachineName)
            $m.PageSize | Should -Be 4096
            $m.VaBits | Should -Be 48
            $m.KernelVersion | Should -Be '5.9'
            $m.SystemRamTotalBytes | Should -Be 8GB
            $m.SystemRamFreeBytes | Should -BeLessThan $m.SystemRamTotalBytes
        }

        It 'takes the page size as <Text>' -ForEach @(
            @{ Text = '16KB'; Value = 16KB; Expected = 16384 }
            @{ Text = "'64K'"; Value = '64K'; Expected = 65536 }
            @{ Text = '4096'; Value = 4096; Expected = 4096 }
        ) {
            (New-SimMachine -Name (New-TestMachineName) -PageSize $Value).PageSize | Should -Be $Expected
        }

        It 'sizes RAM from -Memory and -NodeMemory' {
            (New-SimMachine -Name (New-TestMachineName) -Memory '16G').SystemRamTotalBytes | Should -Be 16GB
            $numa = New-SimMachine -Name (New-TestMachineName) -NodeMemory 4GB, 0, 2GB
            $numa.SystemRamTotalBytes | Should -Be 6GB
            $numa.Config.Nodes.Count | Should -Be 3
        }

        It 'turns rodata_full off only when asked: -RodataFull:$false lets the linear map use blocks' {
            $full = New-SimMachine -Name (New-TestMachineName)
            $blocks = New-SimMachine -Name (New-TestMachineName) -RodataFull:$false
            $full.RodataFull | Should -BeTrue
            $blocks.RodataFull | Should -BeFalse
            foreach ($m in $full, $blocks) { Add-DeviceMemory -Machine $m -Name pmem0 -Start $DeviceStart -Size 64GB }
            $cost = { param($m) (Measure-Vmemmap -Machine $m | Where-Object Device -EQ pmem0).LinearMapPageTableBytes }
            # page granular: a PTE table per 2 MiB and a PMD table per 1 GiB; 1 GiB-aligned blocks need neither
            (& $cost $full) | Should -Be ((64GB / 2MB + 64GB / 1GB) * 4KB)
            (& $cost $blocks) | Should -BeLessThan (& $cost $full)
        }

        It 'keeps the linear map block mapped under rodata_full with -Bbml2NoAbort, from kernel <Kernel> on only' -ForEach @(
            @{ Kernel = '6.17.13'; Granular = $true }
            @{ Kernel = '6.18'; Granular = $false }
        ) {
            $m = New-SimMachine -Name (New-TestMachineName) -KernelVersion $Kernel -Bbml2NoAbort
            $m.Bbml2NoAbort | Should -BeTrue
            $m.LinearMapPageGranular | Should -Be $Granular
            Add-DeviceMemory -Machine $m -Name pmem0 -Start $DeviceStart -Size 64GB
            $expected = if ($Granular) { (64GB / 2MB + 64GB / 1GB) * 4KB } else { 0 }
            (Measure-Vmemmap -Machine $m | Where-Object Device -EQ pmem0).LinearMapPageTableBytes | Should -Be $expected
        }

        It 'round-trips -Bbml2NoAbort through a scenario file' {
            $m = New-SimMachine -Name (New-TestMachineName) -KernelVersion 6.18 -Bbml2NoAbort
            $path = Join-Path $TestDrive 'bbml2.yaml'
            Export-SimScenario -Machine $m -Path $path
            Get-Content -Raw $path | Should -Match 'bbml2NoAbort: true'
            (Import-SimScenario -Path $path).Machine.Bbml2NoAbort | Should -BeTrue
        }

        It 'registers the machine by name' {
            $name = New-TestMachineName
            $m = New-SimMachine -Name $name
            Get-SimMachine -Name $name | Should -Be $m
        }

        It 'boots one machine per name from the pipeline' {
            $names = (New-TestMachineName), (New-TestMachineName)
            $machines = $names | New-SimMachine
            $machines.Name | Should -Be $names
        }

        It 'models each kernel profile: <_>' -ForEach @('5.8', '5.9', '5.12', '6.6', '6.14') {
            (New-SimMachine -Name (New-TestMachineName) -KernelVersion $_).KernelVersion | Should -Be $_
        }
    }

    Context 'completion' {
        BeforeAll {
            function Complete([string]$Line) { (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText }
        }

        It 'completes kernel versions: both sides of every timeline boundary' {
            # 6.1.131/6.1.132 and 6.12.19/6.12.20: stable backports of d4234d131b0a; 6.1.184/6.1.185: of 87a7ae75d738; 6.12.96/6.12.97: of the per-block altmap error-path fix
            Complete 'New-SimMachine -KernelVersion 6.1' | Sort-Object | Should -Be @('6.1.131', '6.1.132', '6.1.184', '6.1.185', '6.12.19', '6.12.20', '6.12.96', '6.12.97', '6.14', '6.18')
            Complete 'New-SimMachine -KernelVersion ' | Sort-Object | Should -Be ([VmemmapPS.Core.Versions.KernelProfile]::KnownVersions | Sort-Object)
        }

        It 'completes page sizes as pwsh numeric literals' {
            Complete 'New-SimMachine -PageSize ' | Should -Be @('16KB', '4KB', '64KB')
        }

        It 'completes the VA_BITS Kconfig allows for the page size' {
            Complete 'New-SimMachine -PageSize 64KB -VaBits ' | Sort-Object | Should -Be ([VmemmapPS.Core.Arch.Arm64.Arm64Geometry]::ValidVaBits(64KB) | ForEach-Object { "$_" } | Sort-Object)
        }
    }

    Context 'errors' {
        It 'refuses an unknown kernel version with UnknownKernelVersion' {
            $null = New-SimMachine -Name (New-TestMachineName) -KernelVersion 4.19 -ErrorAction SilentlyContinue -ErrorVariable err
            Assert-SimError $err[0] UnknownKernelVersion InvalidArgument New-SimMachine
        }

        It 'refuses a VA_BITS the page size does not allow with InvalidGeometry' {
            $null = New-SimMachine -Name (New-TestMachineName) -PageSize 64KB -VaBits 39 -ErrorAction SilentlyContinue -ErrorVariable err
            Assert-SimError $err[0] InvalidGeometry InvalidArgument New-SimMachine
        }

        It 'refuses a page size that is not an arm64 granule' {
            { New-SimMachine -PageSize 8KB } | Should -Throw -ErrorId 'ParameterArgumentValidationError,VmemmapPS.Commands.NewSimMachineCommand'
        }

        It 'explains the negative hex literal trap' {
            { New-SimMachine -MemoryStart 0x80000000 } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,VmemmapPS.Commands.NewSimMachineCommand'
            try { New-SimMachine -MemoryStart 0x80000000 } catch { $_.Exception.Message | Should -Match "0x80000000u.*'0x80000000'" }
        }

        It 'refuses RAM that would run past 2^64 with InvalidMachineConfig, not an overflow: <Case>' -ForEach @(
            @{ Case = 'a start near the top'; Arguments = @{ MemoryStart = 0xFFFFFFFFFFFF0000u } }
            @{ Case = 'a huge node'; Arguments = @{ NodeMemory = [uint64]::MaxValue, 1GB } }
        ) {
            $null = New-SimMachine -Name (New-TestMachineName) @Arguments -ErrorAction SilentlyContinue -ErrorVariable err
            Assert-SimError $err[0] InvalidMachineConfig InvalidArgument New-SimMachine
        }

        It 'names the literal in the negative hex hint: <Literal>' -ForEach @(
            @{ Literal = '0x80000000'; Shown = '0x80000000 is -2147483648' }
            @{ Literal = '0xFFFFFFFFFFFF0000'; Shown = '0xFFFFFFFFFFFF0000 is -65536' }
        ) {
            $value = Invoke-Expression $Literal
            try { New-SimMachine -MemoryStart $value; throw 'no error' } catch { $_.Exception.Message | Should -BeLike "*($Shown)*" }
        }

        It 'does not register a machine that failed to boot' {
            $name = New-TestMachineName
            $null = New-SimMachine -Name $name -KernelVersion 1.0 -ErrorAction SilentlyContinue
            Get-SimMachine -Name "$name*" | Should -BeNullOrEmpty
        }
    }

    Context 'help' {
        It 'example "<Title>" runs' -ForEach $examples {
            Invoke-HelpExample $Code
        }
    }
}
