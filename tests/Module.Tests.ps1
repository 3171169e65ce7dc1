BeforeDiscovery {
    . $PSScriptRoot/common.ps1
    $cmdlets = @((Get-Module VmemmapPS).ExportedCmdlets.Keys | Sort-Object | ForEach-Object { @{ Name = $_ } })
}

BeforeAll {
    . $PSScriptRoot/common.ps1
    $manifest = Import-PowerShellDataFile (Join-Path $modulePath 'VmemmapPS.psd1')

    # A fresh pwsh (the binary module under test is already loaded in this one), started as the README says.
    function Invoke-FreshPwsh([string]$Script) {
        $file = Join-Path ([System.IO.Path]::GetTempPath()) "vmemmapps-$([guid]::NewGuid().ToString('N')).ps1"
        Set-Content -LiteralPath $file -Value $Script
        Push-Location $RepoRoot
        try { & dotnet pwsh -NoProfile -NonInteractive -File $file 2>&1 | ForEach-Object { "$_" } }
        finally { Pop-Location; Remove-Item -LiteralPath $file }
    }
}

Describe 'VmemmapPS module' {
    Context 'manifest and exports' {
        It 'has a valid manifest' {
            $info = Test-ModuleManifest -Path (Join-Path $modulePath 'VmemmapPS.psd1') -ErrorAction Stop
            $info.Name | Should -Be 'VmemmapPS'
        }

        It 'exports only cmdlets listed in the manifest' {
            (Get-Module VmemmapPS).ExportedCmdlets.Keys | ForEach-Object { $manifest.CmdletsToExport | Should -Contain $_ }
        }

        It 'exports every cmdlet class of the assembly' {
            $classes = [VmemmapPS.Commands.SimCmdletBase].Assembly.GetExportedTypes() |
                Where-Object { $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false) } |
                ForEach-Object { $a = $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]; "$($a.VerbName)-$($a.NounName)" }
            $classes | ForEach-Object { (Get-Module VmemmapPS).ExportedCmdlets.Keys | Should -Contain $_ }
        }

        It 'maps every FailureKind to a specific error category' {
            $mapping = [VmemmapPS.Commands.SimCmdletBase].Assembly.GetType('VmemmapPS.ErrorMapping', $true)
            $categoryOf = $mapping.GetMethod('CategoryOf', [System.Reflection.BindingFlags]'Static, Public, NonPublic')
            foreach ($code in [enum]::GetValues([VmemmapPS.Core.Errors.FailureKind])) {
                $categoryOf.Invoke($null, @($code)) | Should -Not -Be 'NotSpecified' -Because "$code needs a category"
            }
        }

        It 'ships YamlDotNet only in bin/dependencies' {
            Test-Path (Join-Path $modulePath 'bin/dependencies/YamlDotNet.dll') | Should -BeTrue
            Test-Path (Join-Path $modulePath 'bin/YamlDotNet.dll') | Should -BeFalse
        }
    }

    Context '<Name>' -ForEach $cmdlets {
        It 'uses an approved verb' {
            (Get-Verb).Verb | Should -Contain ($Name -split '-')[0]
        }

        It 'declares [OutputType]' {
            (Get-Command $Name).OutputType | Should -Not -BeNullOrEmpty
        }

        It 'has help with a synopsis and at least one example' {
            # Without a MAML page pwsh makes up help whose synopsis is the syntax and which has no examples.
            $help = Get-Help $Name -Full
            $help.Synopsis.Trim() | Should -Not -BeLike "$Name*"
            @($help.examples.example | Where-Object { $_.code }).Count | Should -BeGreaterThan 0
        }
    }

    Context 'help' {
        It 'about_VmemmapPS explains the concepts' {
            $about = Get-Help about_VmemmapPS | Out-String
            foreach ($word in 'VMEMMAP', 'ALTMAP', 'SECTIONS', 'KERNEL VERSIONS', 'WHAT IS NOT SIMULATED') { $about | Should -Match $word }
        }

        It 'Get-Help Add-DeviceMemory -Examples shows the examples' {
            Get-Help Add-DeviceMemory -Examples | Out-String | Should -Match 'Add-DeviceMemory -Machine \$m'
        }
    }

    Context 'loading' {
        It 'autoloads from PSModulePath' {
            $outDir = Split-Path -Parent $modulePath
            $lines = Invoke-FreshPwsh @"
`$env:PSModulePath = '$outDir' + [System.IO.Path]::PathSeparator + `$env:PSModulePath
`$m = New-SimMachine -Name autoload
'module:' + (Get-Command New-SimMachine).Source
'name:' + `$m.Name
"@
            $lines | Should -Contain 'module:VmemmapPS'
            $lines | Should -Contain 'name:autoload'
        }

        It 'imports and uses its own YamlDotNet after YamlDotNet 16.3.0 is loaded' {
            $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { ((& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', '').Trim() }
            $yaml16 = Join-Path $packages 'yamldotnet/16.3.0/lib/netstandard2.0/YamlDotNet.dll'
            Test-Path $yaml16 | Should -BeTrue -Because 'tools/PesterRestore restores YamlDotNet 16.3.0'
            $scenario = Get-ChildItem (Join-Path $RepoRoot 'scenarios') -Filter *.yaml -ErrorAction SilentlyContinue | Select-Object -First 1
            $lines = Invoke-FreshPwsh @"
`$ErrorActionPreference = 'Stop'
Add-Type -LiteralPath '$yaml16'
Import-Module '$modulePath'
if ((Get-Command Import-SimScenario -ErrorAction SilentlyContinue) -and '$($scenario.FullName)') {
    # A real YAML-using command of the module.
    `$null = Import-SimScenario -Path '$($scenario.FullName)'
} else {
    # Until the scenario cmdlets exist: a load of the version the module ships, which only the module's
    # resolver can satisfy while 16.x sits in the default load context.
    `$ref = [System.Reflection.AssemblyName]::GetAssemblyName('$(Join-Path $modulePath 'bin/dependencies/YamlDotNet.dll')')
    `$null = [System.Reflection.Assembly]::Load(`$ref)
}
[System.AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { `$_.GetName().Name -eq 'YamlDotNet' } | ForEach-Object {
    'yaml:{0}|{1}|{2}' -f `$_.GetName().Version.Major, [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext(`$_).Name, (Split-Path -Leaf (Split-Path -Parent `$_.Location))
}
"@
            $yaml = @($lines | Where-Object { $_ -like 'yaml:*' })
            $yaml | Should -Contain 'yaml:16|Default|netstandard2.0' -Because ($lines -join "`n")
            $yaml | Should -Contain 'yaml:18|VmemmapPS-dependencies|dependencies' -Because ($lines -join "`n")
        }
    }
}
