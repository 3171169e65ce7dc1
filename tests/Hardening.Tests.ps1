# Defects a new user and a fuzz campaign found, each pinned by a test that failed before its fix. Cmdlet-specific
# cases live in the cmdlet's own file; this file holds what cuts across cmdlets.
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
}
