BeforeDiscovery {
    . $PSScriptRoot/common.ps1
    $examples = @(Get-HelpExample Show-SimPageTable)
}

BeforeAll {
    . $PSScriptRoot/common.ps1
}

Describe 'Show-SimPageTable' {
    Context 'contract' {
        It 'has the contract parameters' {
            Get-DeclaredParameter Show-SimPageTable | Should -Be @('Machine')
        }

        It 'declares its output type' {
            (Get-Command Show-SimPageTable).OutputType.Type | Should -Be ([string])
        }
    }

    Context 'text' {
        It 'emits one string per line, the same text as the core dump' {
            $m = New-SimMachine -Name (New-TestMachineName)
            Add-DeviceMemory -Machine $m -Name pmem0 -Start $DeviceStart -Size 4GB -Altmap
            $lines = Show-SimPageTable -Machine $m
            $lines.Count | Should -BeGreaterThan 1
            $lines | ForEach-Object { $_ | Should -BeOfType [string]; $_ | Should -Not -Match "`n" }
            ($lines -join "`n") | Should -Be $m.DumpPageTables().Replace("`r`n", "`n").TrimEnd("`n")
        }

        It 'is deterministic' {
            $a = New-SimMachine -Name (New-TestMachineName)
            $b = New-SimMachine -Name (New-TestMachineName)
            foreach ($x in $a, $b) { Add-DeviceMemory -Machine $x -Name pmem0 -Start $DeviceStart -Size 4GB }
            (Show-SimPageTable -Machine $a) -join "`n" | Should -Be ((Show-SimPageTable -Machine $b) -join "`n")
        }
    }

    Context 'help' {
        It 'example "<Title>" runs' -ForEach $examples {
            Invoke-HelpExample $Code
        }
    }
}
