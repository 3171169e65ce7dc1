BeforeDiscovery {
    . $PSScriptRoot/common.ps1
    $examples = @(Get-HelpExample Get-SimKernelProfile)
}

BeforeAll {
    . $PSScriptRoot/common.ps1
}

Describe 'Get-SimKernelProfile' {
    Context 'contract' {
        It 'has the contract parameters' {
            Get-DeclaredParameter Get-SimKernelProfile | Should -Be @('KernelVersion', 'Name')
        }

        It 'declares its output type' {
            (Get-Command Get-SimKernelProfile).OutputType.Type | Should -Be ([VmemmapPS.Core.Versions.KernelSwitchRow])
        }

        It 'emits one flat row per switch with the version as given and as resolved' {
            $rows = @(Get-SimKernelProfile -KernelVersion 6.12.107+deb12-arm64)
            $rows.Count | Should -Be ([enum]::GetValues([VmemmapPS.Core.Versions.KernelSwitch])).Count
            $rows | ForEach-Object {
                $_.KernelVersion | Should -Be '6.12.107+deb12-arm64'
                $_.Upstream | Should -Be '6.12.107'
            }
            ($rows | ConvertTo-Json -Depth 2 | ConvertFrom-Json).Count | Should -Be $rows.Count
        }
    }

    Context 'resolution' {
        # d4234d131b0a reached 6.12.y in 6.12.20 and 6.1.y in 6.1.132 (release diffs), mainline in 6.14.
        It '<Version>: SubsectionBasepages is <Enabled>' -ForEach @(
            @{ Version = '6.12.19'; Enabled = $false }
            @{ Version = '6.12.20'; Enabled = $true }
            @{ Version = '6.1.131'; Enabled = $false }
            @{ Version = '6.1.132'; Enabled = $true }
            @{ Version = '6.13'; Enabled = $false }
            @{ Version = 'v6.14'; Enabled = $true }
        ) {
            $row = Get-SimKernelProfile -KernelVersion $Version -Name SubsectionBasepages
            $row.Enabled | Should -Be $Enabled
            $row.Commit | Should -Be 'd4234d131b0a'
            $row.Since | Should -Be '6.14'
            $row.Backports -split ' ' | Should -Contain '6.12.20'
        }

        It 'binds KernelVersion by property name from a machine' {
            $m = New-SimMachine -Name (New-TestMachineName) -KernelVersion 6.8.0-60-generic
            $m.KernelVersion | Should -Be '6.8.0-60-generic'
            $m.KernelUpstream | Should -Be '6.8'
            ($m | Get-SimKernelProfile -Name Lpa2).Enabled | Should -BeFalse -Because 'LPA2 arrived in 6.9'
        }

        It 'the table view fits 80 columns' {
            $text = Get-SimKernelProfile -KernelVersion 6.12.20 | Out-String -Width 80
            $text -split "`n" | ForEach-Object { $_.TrimEnd().Length | Should -BeLessOrEqual 80 }
            $text | Should -Match '6\.12\.20 \(upstream 6\.12\.20\)'
        }
    }

    Context 'bad input' {
        It '<Version> is refused with the modelled range' -ForEach @(
            @{ Version = '4.19' }
            @{ Version = '7.0.11' }
        ) {
            Get-SimKernelProfile -KernelVersion $Version -ErrorVariable err -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            Assert-SimError $err[0] 'UnknownKernelVersion' InvalidArgument 'Get-SimKernelProfile'
            $err[0].Exception.Message | Should -Match '5\.8 to 6\.18'
        }

        It 'nonsense names the expected form' {
            Get-SimKernelProfile -KernelVersion banana -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].Exception.Message | Should -Match 'uname -r'
        }

        It 'an unknown switch name is an error, a wildcard matching nothing is not' {
            Get-SimKernelProfile -Name NoSuchSwitch -ErrorVariable err -ErrorAction SilentlyContinue
            Assert-SimError $err[0] 'KernelSwitchNotFound' ObjectNotFound 'Get-SimKernelProfile'
            # One vocabulary: the id is a FailureKind, so the cmdlet fuzzer counts it as a module error.
            [enum]::GetNames([VmemmapPS.Core.Errors.FailureKind]) | Should -Contain 'KernelSwitchNotFound'
            $err[0].Exception | Should -BeOfType [System.Management.Automation.ItemNotFoundException]
            Get-SimKernelProfile -Name 'Nothing*' -ErrorVariable err2 | Should -BeNullOrEmpty
            $err2 | Should -BeNullOrEmpty
        }

        It 'New-SimMachine refuses an out-of-range kernel with the range' {
            New-SimMachine -Name (New-TestMachineName) -KernelVersion 5.4.0 -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].Exception.Message | Should -Match '5\.8 to 6\.18'
        }
    }

    Context 'help' {
        It 'example "<Title>" runs' -ForEach $examples {
            Invoke-HelpExample $Code
        }
    }
}
