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
}
