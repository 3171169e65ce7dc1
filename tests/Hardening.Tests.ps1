# Defects a new user and a fuzz campaign found, each pinned by a test that failed before its fix. Cmdlet-specific
# cases live in the cmdlet's own file; this file holds what cuts across cmdlets.
BeforeDiscovery {
    . $PSScriptRoot/common.ps1
}

BeforeAll {
    . $PSScriptRoot/common.ps1
}

Describe 'hardening across cmdlets' {
    Context 'a malformed wildcard is a non-terminating error and later input still runs' {
        BeforeAll {
            $one = New-SimMachine -Name (New-TestMachineName)
            $two = New-SimMachine -Name (New-TestMachineName)
            foreach ($m in $one, $two) { Add-DeviceMemory -Machine $m -Name pmem0 -Start $DeviceStart -Size 16GB -Altmap }
        }

        It '<Command> -<Parameter> pmem[' -ForEach @(
            @{ Command = 'Get-DeviceMemory'; Parameter = 'Name' }
            @{ Command = 'Get-VmemAltmap'; Parameter = 'Device' }
            @{ Command = 'Get-SimAllocation'; Parameter = 'Device' }
            @{ Command = 'Get-SimPageTable'; Parameter = 'Device' }
            @{ Command = 'Get-SimWarning'; Parameter = 'Device' }
        ) {
            $arguments = @{ $Parameter = 'pmem[' }
            $out = @($one, $two | & $Command @arguments -ErrorAction SilentlyContinue -ErrorVariable err)
            $out | Should -BeNullOrEmpty
            # One error per machine: the second pipeline input was still processed.
            @($err | Where-Object { $_.FullyQualifiedErrorId -like 'InvalidWildcardPattern,*' }).Count | Should -Be 2
            $err[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err[0].TargetObject | Should -Be 'pmem['
        }

        It 'keeps the valid patterns of the same call' {
            $out = @($one, $two | Get-DeviceMemory -Name 'pmem[', 'pmem0' -ErrorAction SilentlyContinue -ErrorVariable err)
            $out.Count | Should -Be 2
            $err.Count | Should -Be 2
        }

        It '<Command> -Path dir/[ (found by the cmdlet fuzzer)' -ForEach @(
            @{ Command = 'Import-SimScenario' }
            @{ Command = 'Invoke-SimScenario' }
        ) {
            # Resolving the pattern throws only when the folder has an entry it must be matched against, such as a
            # file literally named '['.
            $dir = Join-Path ([System.IO.Path]::GetTempPath()) (New-TestMachineName 'wildcard')
            New-Item -ItemType Directory -Path $dir | Out-Null
            Set-Content -LiteralPath (Join-Path $dir '[') -Value 'steps: []'
            $out = & $Command -Path (Join-Path $dir '[') -ErrorAction SilentlyContinue -ErrorVariable err
            $out | Should -BeNullOrEmpty
            Assert-SimError $err[0] InvalidWildcardPattern InvalidArgument $Command
        }

        It 'Get-SimMachine -Name x[' {
            $out = @(Get-SimMachine -Name 'x[', $one.Name -ErrorAction SilentlyContinue -ErrorVariable err)
            $out | Should -Be @($one)
            Assert-SimError $err[0] InvalidWildcardPattern InvalidArgument Get-SimMachine
        }
    }

    Context 'scenario files that ask for unbounded work' {
        BeforeAll {
            $dir = Join-Path ([System.IO.Path]::GetTempPath()) (New-TestMachineName 'limits')
            New-Item -ItemType Directory -Path $dir | Out-Null
            $deep = Join-Path $dir 'deep.yaml'
            Set-Content -LiteralPath $deep -Value ('steps: ' + ('[' * 12000) + (']' * 12000))
            $huge = Join-Path $dir 'huge.yaml'
            Set-Content -LiteralPath $huge -Value @'
devices: [ { name: cxl0, type: Generic, start: 0x1000000000, size: 1G, memmap: mem } ]
steps:
  - repeat: { times: 100000, steps: [ { repeat: { times: 100000, steps: [ { checkInvariants: true } ] } } ] }
'@
        }

        It '<Command> refuses 12,000 levels of nesting with file:line:column instead of killing pwsh' -ForEach @(
            @{ Command = 'Import-SimScenario' }
            @{ Command = 'Invoke-SimScenario' }
        ) {
            $out = & $Command -LiteralPath $deep -ErrorAction SilentlyContinue -ErrorVariable err
            $out | Should -BeNullOrEmpty
            Assert-SimError $err[0] ScenarioParseFailed InvalidData $Command
            $err[0].Exception.Message | Should -BeLike "*deep.yaml:1:*nested more than*"
        }

        It 'refuses nested repeats asking for 10^10 steps when loading' {
            $null = Import-SimScenario -LiteralPath $huge -ErrorAction SilentlyContinue -ErrorVariable err
            Assert-SimError $err[0] ScenarioValidationFailed InvalidData Import-SimScenario
            $err[0].Exception.Message | Should -BeLike "*huge.yaml:3:3:*10000100001 steps*"
        }
    }

    Context 'help, manifest and -WhatIf -PassThru' {
        It 'help shows the default value the cmdlet really has: <Command> -<Parameter>' -ForEach @(
            @{ Command = 'New-SimMachine'; Parameter = 'PageSize'; Default = '4 KiB' }
            @{ Command = 'New-SimMachine'; Parameter = 'Memory'; Default = '8 GiB' }
            @{ Command = 'New-SimMachine'; Parameter = 'KernelVersion'; Default = [VmemmapPS.Core.Versions.KernelProfile]::DefaultVersion }
            @{ Command = 'Add-DeviceMemory'; Parameter = 'Type'; Default = 'FsDax' }
            @{ Command = 'Add-SimFault'; Parameter = 'Count'; Default = '1' }
            @{ Command = 'Add-DeviceMemory'; Parameter = 'Name'; Default = 'None' }
        ) {
            (Get-Help $Command -Parameter $Parameter).defaultValue | Should -Be $Default
        }

        It 'the manifest names its license, editions and release notes, and no placeholder project site' {
            $manifest = Import-PowerShellDataFile (Join-Path $modulePath 'VmemmapPS.psd1')
            $manifest.PrivateData.PSData.Tags | Should -Contain 'PSEdition_Core'
            $manifest.PrivateData.PSData.Tags | Should -Contain 'PSEdition_Desktop'
            $manifest.PrivateData.PSData.ReleaseNotes | Should -Not -BeNullOrEmpty
            $manifest.PrivateData.PSData.ProjectUri | Should -Not -BeLike '*example.invalid*'
            Get-Content -Raw (Join-Path $modulePath 'LICENSE.txt') | Should -Match 'MIT License'
        }

        It 'every scenario file the README runs is in scenarios/' {
            $readme = Get-Content -Raw (Join-Path $RepoRoot 'README.md')
            foreach ($file in [regex]::Matches($readme, 'Invoke-SimScenario \./(\S+\.yaml)') | ForEach-Object { $_.Groups[1].Value } | Sort-Object -Unique) {
                Test-Path (Join-Path $RepoRoot $file) | Should -BeTrue -Because "the README runs $file"
            }
        }

        It 'the README says which .NET SDK it needs' {
            Get-Content -Raw (Join-Path $RepoRoot 'README.md') | Should -Match '\.NET 10 SDK'
        }

        It 'Add-SimFault -WhatIf -PassThru emits the fault a real run would arm, and arms nothing' {
            $m = New-SimMachine -Name (New-TestMachineName)
            $fault = Add-SimFault -Machine $m -Nth 3 -Count 2 -WhatIf -PassThru
            $fault.Nth | Should -Be 3
            $fault.Count | Should -Be 2
            # Nothing armed: the add succeeds.
            Add-DeviceMemory -Machine $m -Name cxl0 -Type Generic -Start $DeviceStart -Size 1GB -PassThru | Should -Not -BeNullOrEmpty
        }

        It 'Add-SimFault -WhatIf -PassThru still refuses a fault the real run would refuse' {
            $m = New-SimMachine -Name (New-TestMachineName)
            $null = Add-SimFault -Machine $m -Order 15 -WhatIf -PassThru -ErrorAction SilentlyContinue -ErrorVariable err
            Assert-SimError $err[0] InvalidFaultSpec InvalidArgument Add-SimFault
        }
    }

    Context 'messages' {
        It 'takes the string ''1.5T'' as the number 1.5TB' {
            $m = New-SimMachine -Name (New-TestMachineName) -Memory '1.5G'
            $m.SystemRamTotalBytes | Should -Be 1.5GB
        }

        It 'explains <Value> in its own words, not .NET''s decimal overflow' -ForEach @(
            @{ Value = 1e30; Expected = '*does not fit in 64 bits*' }
            @{ Value = [double]::NaN; Expected = '*NaN is not a number of bytes*' }
        ) {
            try { New-SimMachine -Name (New-TestMachineName) -Memory $Value; throw 'no error' }
            catch {
                $_.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentTransformationError*'
                $_.Exception.Message | Should -BeLike $Expected
                $_.Exception.Message | Should -Not -BeLike '*Decimal*'
            }
        }

        It '-End $null is an argument error, not a WriteError' {
            $m = New-SimMachine -Name (New-TestMachineName)
            try { Get-VmemmapMapping -Machine $m -End $null; throw 'no error' }
            catch {
                $_.FullyQualifiedErrorId | Should -BeLike 'ParameterArgumentTransformationError*'
                $_.CategoryInfo.Category | Should -Not -Be 'WriteError'
                $_.Exception.Message | Should -BeLike '*$null is not a size or address*'
            }
        }

        It 'says a kernel failure once' {
            $m = New-SimMachine -Name (New-TestMachineName)
            Add-SimFault -Machine $m -Nth 1
            Add-DeviceMemory -Machine $m -Name cxl0 -Type Generic -Start $DeviceStart -Size 1GB -ErrorAction SilentlyContinue -ErrorVariable err
            $message = $err[0].Exception.Message
            $message | Should -BeLike "Add of 'cxl0' failed: * returned -ENOMEM (-12)*"
            ([regex]::Matches($message, 'ENOMEM')).Count | Should -Be 1
        }

        It 'blames the start when start + size wraps' {
            $m = New-SimMachine -Name (New-TestMachineName)
            Add-DeviceMemory -Machine $m -Name x -Type Generic -Start 0xFFFFFFFFC0000000u -Size 2GB -ErrorAction SilentlyContinue -ErrorVariable err
            Assert-SimError $err[0] InvalidSize InvalidArgument Add-DeviceMemory
            $err[0].TargetObject | Should -Be 0xFFFFFFFFC0000000u
        }
    }

    Context 'completion' {
        BeforeAll {
            function Complete([string]$Line) { @((TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText) }
        }

        It '-VaBits follows the kernel: 52 bits on 4K pages only with LPA2 (<Kernel>)' -ForEach @(
            @{ Kernel = '5.9' }
            @{ Kernel = '6.14' }
        ) {
            $profile = [VmemmapPS.Core.Versions.KernelProfile]::Get($Kernel)
            $expected = @(48, 39) + @(if ($profile.Lpa2) { 52 })
            Complete "New-SimMachine -PageSize 4KB -KernelVersion $Kernel -VaBits " | Sort-Object | Should -Be ($expected | ForEach-Object { "$_" } | Sort-Object)
        }

        It '-Node of <Command> offers the nodes of the machine on the command line' -ForEach @(
            @{ Command = 'Add-DeviceMemory' }
            @{ Command = 'Add-SystemMemory' }
        ) {
            $name = New-TestMachineName
            $null = New-SimMachine -Name $name -NodeMemory 4GB, 0, 2GB
            Complete "$Command -Machine $name -Node " | Should -Be @('0', '1', '2')
        }

        It '-Set offers the paths the file can set, with its device names' {
            $file = Join-Path $RepoRoot 'scenarios/pmem-64g.yaml'
            $offered = Complete "Invoke-SimScenario -LiteralPath $file -Set "
            $offered | Should -Contain "@{ 'machine.pageSize' = '' }"
            $offered | Should -Contain "@{ 'devices.pmem0.memmap' = '' }"
            Complete "Import-SimScenario -LiteralPath $file -Set devices." | Should -Contain "@{ 'devices.pmem0.size' = '' }"
        }
    }

    Context 'aggregated warnings' {
        It 'one add that warns per section prints one line per kind of warning, with the count and the range' {
            $m = New-SimMachine -Name (New-TestMachineName) -KernelVersion 6.6
            # DEVICE_PRIVATE above the 48-bit linear map: vmemmap_populate warns for every section it populates.
            Add-DeviceMemory -Machine $m -Name gpu -Type Private -Start 0x800000000000 -Size 16GB -WarningVariable w -WarningAction SilentlyContinue
            $log = @(Get-SimWarning -Machine $m)
            # the log keeps identical consecutive WARNs as one record with a Count
            $hits = ($log | Measure-Object -Property Count -Sum).Sum
            $hits | Should -BeGreaterThan 1
            $kinds = @($log | ForEach-Object { "$($_.Function)|$($_.Condition)|$($_.Device)" } | Select-Object -Unique)
            @($w).Count | Should -Be $kinds.Count
            "$($w[0])" | Should -BeLike "*$hits in all*"
        }
    }
}
