@{
    RootModule             = 'bin/VmemmapPS.dll'
    ModuleVersion          = '0.1.0'
    CompatiblePSEditions   = @('Core', 'Desktop')
    GUID                   = '6f0f3c1e-2b9a-4e07-9a52-5d1b0e7c4a19'
    Author                 = 'VmemmapPS developers'
    CompanyName            = 'VmemmapPS'
    Copyright              = '(c) VmemmapPS developers. MIT License.'
    Description            = 'Simulates how the Linux arm64 kernel maps the vmemmap (struct pages) of hot-added device memory, with and without a vmem_altmap, per kernel version.'
    PowerShellVersion      = '5.1'
    FormatsToProcess       = @('VmemmapPS.Format.ps1xml', 'VmemmapPS.Scenarios.Format.ps1xml')
    TypesToProcess         = @('VmemmapPS.Types.ps1xml')
    # For best performance, do not use wildcards and do not delete the entries; use an empty array if there is nothing to export.
    FunctionsToExport      = @()
    CmdletsToExport        = @(
        'New-SimMachine'
        'Get-SimMachine'
        'Remove-SimMachine'
        'Add-DeviceMemory'
        'Remove-DeviceMemory'
        'Remove-Vmemmap'
        'Get-DeviceMemory'
        'Get-VmemAltmap'
        'Get-VmemmapMapping'
        'Get-SimPageTable'
        'Show-SimPageTable'
        'Get-SimAllocation'
        'Get-SimPageOwner'
        'Get-SimWarning'
        'Add-SimFault'
        'Measure-Vmemmap'
        'Get-SimKernelProfile'
        'Test-SimMachine'
        'Import-SimScenario'
        'Invoke-SimScenario'
        'Export-SimScenario'
        'Import-SimMachine'
        'Get-SimCaptureScript'
    )
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags       = @('arm64', 'linux', 'kernel', 'vmemmap', 'pmem', 'cxl', 'simulation')
            ProjectUri = 'https://example.invalid/VmemmapPS'
        }
    }
}
