BeforeDiscovery {
    . $PSScriptRoot/common.ps1
    $examples = @(Get-HelpExample Get-SimMachine)
}

BeforeAll {
    . $PSScriptRoot/common.ps1
}

Describe 'Get-SimMachine' {
    Context 'contract' {
        It 'has the contract parameters' {
            Get-DeclaredParameter Get-SimMachine | Should -Be @('Name')
        }

        It 'declares its output type' {
            (Get-Command Get-SimMachine).OutputType.Type | Should -Be ([VmemmapPS.Core.SimMachine])
        }
    }

    Context 'lookup' {
        BeforeAll {
            $prefix = New-TestMachineName 'gsm'
            $a = New-SimMachine -Name "$prefix-a"
            $b = New-SimMachine -Name "$prefix-b" -PageSize 64KB
        }

        It 'finds machines by wildcard, sorted by name' {
            (Get-SimMachine -Name "$prefix-*").Name | Should -Be @("$prefix-a", "$prefix-b")
        }

        It 'takes names from the pipeline' {
            ("$prefix-b", "$prefix-a" | Get-SimMachine).Name | Should -Be @("$prefix-b", "$prefix-a")
        }

        It 'lets -Machine elsewhere take a session name' {
            (Get-DeviceMemory -Machine "$prefix-b") | Should -BeNullOrEmpty
            { Test-SimMachine -Machine "$prefix-b" } | Should -Not -Throw
        }

        It 'completes machine names' {
            $line = "Get-SimMachine -Name $prefix-"
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @("$prefix-a", "$prefix-b")
        }

        It 'refuses a taken name and replaces the machine only with -Force' {
            $null = New-SimMachine -Name "$prefix-a" -PageSize 16KB -ErrorAction SilentlyContinue -ErrorVariable err
            Assert-SimError $err[0] MachineNameInUse ResourceExists New-SimMachine
            Get-SimMachine -Name "$prefix-a" | Should -Be $a
            $c = New-SimMachine -Name "$prefix-a" -PageSize 16KB -Force
            (Get-SimMachine -Name "$prefix-a").PageSize | Should -Be 16384
            Get-SimMachine -Name "$prefix-a" | Should -Be $c
        }
    }

    Context 'errors' {
        It 'reports an exact name that matches nothing as MachineNotFound' {
            $name = New-TestMachineName
            $null = Get-SimMachine -Name $name -ErrorAction SilentlyContinue -ErrorVariable err
            Assert-SimError $err[0] MachineNotFound ObjectNotFound Get-SimMachine
            $err[0].TargetObject | Should -Be $name
        }

        It 'is silent for a wildcard that matches nothing' {
            $null = Get-SimMachine -Name "$(New-TestMachineName)*" -ErrorVariable err
            $err | Should -BeNullOrEmpty
        }

        It 'refuses an unknown machine name for -Machine' {
            { Get-DeviceMemory -Machine (New-TestMachineName) } | Should -Throw -ErrorId 'ParameterArgumentTransformationError,VmemmapPS.Commands.GetDeviceMemoryCommand'
        }
    }

    Context 'help' {
        It 'example "<Title>" runs' -ForEach $examples {
            Invoke-HelpExample $Code
        }
    }
}
