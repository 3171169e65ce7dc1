BeforeDiscovery {
    . $PSScriptRoot/common.ps1
    $examples = @(Get-HelpExample Test-SimMachine)
}

BeforeAll {
    . $PSScriptRoot/common.ps1
}

Describe 'Test-SimMachine' {
    Context 'contract' {
        It 'has the contract parameters' {
            Get-DeclaredParameter Test-SimMachine | Should -Be @('Detailed', 'Machine')
        }

        It 'declares both output types' {
            (Get-Command Test-SimMachine).OutputType.Type | Should -Contain ([bool])
            (Get-Command Test-SimMachine).OutputType.Type | Should -Contain ([VmemmapPS.Core.InvariantFinding])
        }
    }

    Context 'invariants' {
        It 'hold on a fresh machine of every page size: <_>' -ForEach @(4KB, 16KB, 64KB) {
            $m = New-SimMachine -Name (New-TestMachineName) -PageSize $_
            Test-SimMachine -Machine $m | Should -BeTrue
            Test-SimMachine -Machine $m -Detailed | Should -BeNullOrEmpty
        }

        It 'hold after adding and removing devices with and without the altmap' {
            $m = New-SimMachine -Name (New-TestMachineName) -KernelVersion 6.6
            Add-DeviceMemory -Machine $m -Name pmem0 -Start $DeviceStart -Size 64GB -Altmap
            Add-DeviceMemory -Machine $m -Name pmem1 -Start ($DeviceStart + 64GB) -Size 64GB
            $m | Test-SimMachine | Should -BeTrue
            Remove-DeviceMemory -Machine $m -Name pmem0, pmem1
            $m | Test-SimMachine | Should -BeTrue
        }

        It 'returns exactly one boolean, false when -Detailed has findings' {
            $m = New-SimMachine -Name (New-TestMachineName) -KernelVersion 6.6
            Add-DeviceMemory -Machine $m -Name pmem0 -Start $DeviceStart -Size 4GB -Altmap
            Remove-Vmemmap -Machine $m -Start $DeviceStart -Size 128MB -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
            $findings = @(Test-SimMachine -Machine $m -Detailed)
            $verdict = @(Test-SimMachine -Machine $m)
            $verdict.Count | Should -Be 1
            $verdict[0] | Should -Be ($findings.Count -eq 0)
        }
    }

    Context 'help' {
        It 'example "<Title>" runs' -ForEach $examples {
            Invoke-HelpExample $Code
        }
    }
}
