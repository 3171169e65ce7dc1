BeforeAll {
    . $PSScriptRoot/common.ps1
}

Describe 'VmemmapPS module' {
    It 'has a valid manifest' {
        $manifest = Test-ModuleManifest -Path (Join-Path $modulePath 'VmemmapPS.psd1') -ErrorAction Stop
        $manifest.Name | Should -Be 'VmemmapPS'
    }
}
