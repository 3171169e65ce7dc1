BeforeDiscovery {
    . $PSScriptRoot/common.ps1
    $examples = @(Get-HelpExample Add-SimFault)
}

BeforeAll {
    . $PSScriptRoot/common.ps1
}

Describe 'Add-SimFault' {

    Context 'site MemoryBlockDevice' {
        It 'fails create_memory_block_devices with ENOMEM and leaves RAM as it was' {
            $m = New-SimMachine -Name (New-TestMachineName) -KernelVersion 6.12.97
            $free = $m.SystemRamFreeBytes
            Add-SimFault -Machine $m -Site MemoryBlockDevice -Nth 2
            Add-SystemMemory -Machine $m -Name ram0 -Start 0x4000000000 -Size 256MB -MemmapOnMemory -ErrorAction SilentlyContinue -ErrorVariable failure -WarningAction SilentlyContinue
            $failure | Should -Not -BeNullOrEmpty
            @(Get-SystemMemory -Machine $m) | Should -BeNullOrEmpty
            $m.SystemRamFreeBytes | Should -Be $free
            @(Get-SimWarning -Machine $m | Where-Object Condition -eq '!altmap') | Should -BeNullOrEmpty   # 6.12.97 passes the altmap
        }

        It 'refuses an order with it' {
            $m = New-SimMachine -Name (New-TestMachineName)
            { Add-SimFault -Machine $m -Site MemoryBlockDevice -Order 0 -ErrorAction Stop } | Should -Throw
        }
    }
    Context 'contract' {
        It 'has the contract parameters' {
            Get-DeclaredParameter Add-SimFault | Should -Be (@('Machine', 'Site', 'Nth', 'Order', 'Count', 'PassThru', 'WhatIf', 'Confirm') | Sort-Object)
        }

        It 'declares its output type' {
            (Get-Command Add-SimFault).OutputType.Type | Should -Be ([VmemmapPS.Core.FaultSpec])
        }

        It 'refuses -Nth 0' {
            { Add-SimFault -Machine (New-SimMachine -Name (New-TestMachineName)) -Nth 0 } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError,VmemmapPS.Commands.AddSimFaultCommand'
        }
    }

    Context 'a simulated kernel failure' {
        BeforeAll {
            $m = New-SimMachine -Name (New-TestMachineName)
            Add-SimFault -Machine $m -Nth 1
            $out = Add-DeviceMemory -Machine $m -Name pmem0 -Start $DeviceStart -Size 4GB -PassThru -ErrorAction SilentlyContinue -ErrorVariable err -WarningAction SilentlyContinue
            $failure = $err | Where-Object { $_.Exception -is [VmemmapPS.SimulatedKernelFailureException] } | Select-Object -First 1
        }

        It 'is a non-terminating error carrying the kernel result' {
            $failure | Should -Not -BeNullOrEmpty
            $failure.Exception.Result.Success | Should -BeFalse
            $out | Should -BeNullOrEmpty
        }

        It 'uses the result''s error id' {
            $failure.FullyQualifiedErrorId | Should -Be "$($failure.Exception.Result.ErrorId),VmemmapPS.Commands.AddDeviceMemoryCommand"
        }

        It 'names the errno and the kernel function' {
            $result = $failure.Exception.Result
            $result.ErrnoName | Should -Be 'ENOMEM'
            $failure.Exception.Message | Should -Match 'ENOMEM'
            $failure.Exception.Message | Should -Match ([regex]::Escape($result.FailedFunction))
        }

        It 'logs the failed allocation' {
            @(Get-SimAllocation -Machine $m -Failed).Count | Should -Be 1
        }
    }

    Context 'state left behind' {
        It 'warns exactly when the kernel result says it left state behind' {
            $left = foreach ($nth in 1, 2, 3) {
                $m = New-SimMachine -Name (New-TestMachineName)
                Add-SimFault -Machine $m -Nth $nth
                Add-DeviceMemory -Machine $m -Name pmem0 -Start $DeviceStart -Size 8GB -ErrorAction SilentlyContinue -ErrorVariable err -WarningAction SilentlyContinue -WarningVariable warn
                $result = ($err | Where-Object { $_.Exception -is [VmemmapPS.SimulatedKernelFailureException] } | Select-Object -First 1).Exception.Result
                @($warn | Where-Object { $_.Message -like '*left state behind*' }).Count | Should -Be ([int]$result.LeftState)
                $result.LeftState
            }
            $left | Should -Contain $true -Because 'a fault after the first allocation leaves earlier work in place'
        }

        It 'a failure with a fault on the 2 MiB vmemmap blocks names the vmemmap path' {
            $m = New-SimMachine -Name (New-TestMachineName) -KernelVersion 5.9
            Add-SimFault -Machine $m -Order 9 -Count 100000
            Add-DeviceMemory -Machine $m -Name pmem0 -Start $DeviceStart -Size 8GB -ErrorAction SilentlyContinue -ErrorVariable err -WarningAction SilentlyContinue
            $failure = $err | Where-Object { $_.Exception -is [VmemmapPS.SimulatedKernelFailureException] } | Select-Object -First 1
            $failure.Exception.Result.Errno | Should -Be -12
            $failure.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
            $failure.Exception.Message | Should -Match 'vmemmap'
        }
    }

    Context '-WhatIf' {
        It 'arms nothing' {
            $m = New-SimMachine -Name (New-TestMachineName)
            Add-SimFault -Machine $m -Nth 1 -WhatIf
            Add-DeviceMemory -Machine $m -Name pmem0 -Start $DeviceStart -Size 4GB -ErrorVariable err
            $err | Should -BeNullOrEmpty
            $m.Devices.Name | Should -Be 'pmem0'
        }
    }

    Context 'help' {
        It 'example "<Title>" runs' -ForEach $examples {
            Invoke-HelpExample $Code
        }
    }
}
