@{
    RootModule             = 'bin/VmemmapPS.dll'
    ModuleVersion          = '0.1.0'
    CompatiblePSEditions   = @('Core', 'Desktop')
    GUID                   = '6f0f3c1e-2b9a-4e07-9a52-5d1b0e7c4a19'
    Author                 = 'VmemmapPS developers'
    CompanyName            = 'VmemmapPS'
    Copyright              = '(c) VmemmapPS developers. MIT License (LICENSE.txt in this folder).'
    Description            = 'Simulates how the Linux arm64 kernel maps the vmemmap (struct pages) of hot-added device memory, with and without a vmem_altmap, per kernel version.'
    PowerShellVersion      = '5.1'
    FormatsToProcess       = @('VmemmapPS.Format.ps1xml', 'VmemmapPS.Scenarios.Format.ps1xml', 'VmemmapPS.RealKernel.Format.ps1xml', 'VmemmapPS.SystemMemory.Format.ps1xml')
    TypesToProcess         = @('VmemmapPS.Types.ps1xml')
    # For best performance, do not use wildcards and do not delete the entries; use an empty array if there is nothing to export.
    FunctionsToExport      = @()
    CmdletsToExport        = @(
        'New-SimMachine'
        'Get-SimMachine'
        'Remove-SimMachine'
        'Add-DeviceMemory'
        'Remove-DeviceMemory'
        'Set-DeviceMemory'
        'Add-SystemMemory'
        'Remove-SystemMemory'
        'Get-SystemMemory'
        'Set-SystemMemory'
        'Get-MemoryBlock'
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
        'Compare-SimKernel'
        'Export-SimReport'
        'Import-SimMachine'
        'Get-SimCaptureScript'
    )
    VariablesToExport      = @()
    AliasesToExport        = @()
    PrivateData            = @{
        PSData = @{
            Tags         = @('arm64', 'linux', 'kernel', 'vmemmap', 'pmem', 'cxl', 'simulation', 'PSEdition_Core', 'PSEdition_Desktop', 'Linux', 'Windows', 'MacOS')
            # The license ships inside the module (LICENSE.txt); there is no published project site to link to.
            ReleaseNotes = '0.1.0: first release. Boot arm64 machines (4K/16K/64K pages, kernels 5.8 to 6.14), hot-add and remove device memory with and without a vmem_altmap, inject allocation faults, check invariants, and run YAML scenarios and sweeps.'
        }
    }
}
