BeforeDiscovery {
    . $PSScriptRoot/common.ps1
    $examples = @(Get-HelpExample Get-SimWarning)
}

BeforeAll {
    . $PSScriptRoot/common.ps1
}

Describe 'Get-SimWarning' {
    Context 'contract' {
        It 'has the contract parameters' {
            Get-DeclaredParameter Get-SimWarning | Should -Be @('Device', 'Machine')
        }

        It 'declares its output type' {
            (Get-Command Get-SimWarning).OutputType.Type | Should -Be ([VmemmapPS.Core.KernelWarning])
        }
    }

    Context 'warnings' {
        It 'a fresh machine and a clean add/remove hit none' {
            $m = New-SimMachine -Name (New-TestMachineName)
            Add-DeviceMemory -Machine $m -Name pmem0 -Start $DeviceStart -Size 4GB -Altmap
            Remove-DeviceMemory -Machine $m -Name pmem0
            Get-SimWarning -Machine $m | Should -BeNullOrEmpty
        }

        It 'every warning a cmdlet writes is in the log, naming the kernel function' {
            $m = New-SimMachine -Name (New-TestMachineName) -KernelVersion 6.6
            Add-DeviceMemory -Machine $m -Name pmem0 -Start $DeviceStart -Size 4GB -Altmap
            # The altmap's struct pages torn down with a NULL altmap, then the device removed: the kernel warns
            # (altmap alloc count not back to zero) rather than failing.
            Remove-Vmemmap -Machine $m -Start $DeviceStart -Size 128MB -WarningVariable w1 -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
            Remove-DeviceMemory -Machine $m -Name pmem0 -WarningVariable w2 -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
            $log = @(Get-SimWarning -Machine $m)
            $written = @($w1) + @($w2) | Where-Object { $_.Message -like 'WARN_ON(*) in *' }
            $written.Count | Should -Be $log.Count
            $log | ForEach-Object { $_.Function | Should -Not -BeNullOrEmpty }
            (Get-SimWarning -Machine $m -Device pmem0).Count | Should -Be @($log | Where-Object Device -EQ pmem0).Count
        }
    }

    Context 'help' {
        It 'example "<Title>" runs' -ForEach $examples {
            Invoke-HelpExample $Code
        }
    }
}
