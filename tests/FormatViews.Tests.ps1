# Every table view of the module, rendered at 80 columns (redirected output) and at 200: columns size to their
# content, so long names and 52-bit addresses are never cut, nothing is wrapped, and every cell's script runs.
BeforeDiscovery {
    . $PSScriptRoot/common.ps1
    $moduleRoot = (Get-Module VmemmapPS).ModuleBase
    $views = foreach ($file in Get-ChildItem $moduleRoot -Filter *.Format.ps1xml) {
        foreach ($view in ([xml](Get-Content -Raw $file.FullName)).Configuration.ViewDefinitions.View) {
            if ($view.TableControl) { @{ TypeName = $view.ViewSelectedBy.TypeName; File = $file.Name } }
        }
    }
}

BeforeAll {
    . $PSScriptRoot/common.ps1
    $PSStyle.OutputRendering = 'PlainText'

    # Long names (ndctl's namespaceX.Y, a descriptive machine name) and addresses near the top of 52-bit space.
    $machineName = 'rack-a-cxl-host-' + (New-TestMachineName)
    $m = New-SimMachine -Name $machineName -PageSize 64KB -VaBits 52 -KernelVersion 6.6
    Add-DeviceMemory -Machine $m -Name namespace0.0 -Start 0x4000000000000 -Size 64GB -Altmap
    Add-DeviceMemory -Machine $m -Name namespace1.0 -Start 0x4001000000000 -Size 64GB
    Add-SystemMemory -Machine $m -Name cxl-ram-expander0 -Start 0x4002000000000 -Size 2GB
    # The altmap's struct pages torn down with a NULL altmap, then the device removed: the kernel warns.
    $w = New-SimMachine -Name (New-TestMachineName) -KernelVersion 6.6
    Add-DeviceMemory -Machine $w -Name namespace2.0 -Start $DeviceStart -Size 4GB -Altmap
    Remove-Vmemmap -Machine $w -Start $DeviceStart -Size 128MB -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
    Remove-DeviceMemory -Machine $w -Name namespace2.0 -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
    $h = New-SimMachine -Name (New-TestMachineName) -KernelVersion 6.6
    Add-DeviceMemory -Machine $h -Name namespace4.0 -Start $DeviceStart -Size 4GB -Altmap
    $f = New-SimMachine -Name (New-TestMachineName) -KernelVersion 5.8 -Memory 8GB
    Add-SimFault -Machine $f -Nth 3
    Add-DeviceMemory -Machine $f -Name namespace3.0 -Start $DeviceStart -Size 64GB -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
    $scenarioFile = Join-Path $TestDrive 'views.yaml'
    $d = New-SimMachine -Name (New-TestMachineName)
    Add-DeviceMemory -Machine $d -Name namespace0.0 -Start $DeviceStart -Size 64GB -Altmap
    Export-SimScenario -Machine $d -Path $scenarioFile

    # What each view shows, and the strings that must come out whole (the key columns).
    $samples = @{
        'VmemmapPS.Core.SimMachine'                     = { @{ Objects = @($m); Keys = @($machineName) } }
        'VmemmapPS.Core.Versions.KernelSwitchRow'       = { @{ Objects = @(Get-SimKernelProfile -KernelVersion 6.6); Keys = @() } }
        'VmemmapPS.Core.DeviceMemory'                   = { @{ Objects = @(Get-DeviceMemory -Machine $m); Keys = @('namespace0.0', 'namespace1.0', '0x4000000000000', '0x4001000000000') } }
        'VmemmapPS.Core.UsageRow'                       = { @{ Objects = @(Measure-Vmemmap -Machine $m); Keys = @('namespace0.0', 'namespace1.0') } }
        'VmemmapPS.Core.SizingRow'                      = { @{ Objects = @(Measure-Vmemmap -Size 4TB, 1PB -PageSize 64KB -VaBits 52 -Memmap Device, SystemRam -KernelVersion 6.6); Keys = @('SystemRam', 'Device') } }
        'VmemmapPS.Core.SystemRamSizingRow'             = { @{ Objects = @(Measure-Vmemmap -Size 2TB -SystemRam -KernelVersion 6.14) + @(Measure-Vmemmap -Size 2TB -SystemRam -MemmapOnMemory -KernelVersion 6.14); Keys = @('2 TiB') } }
        'VmemmapPS.Core.VmemAltmapInfo'                 = { @{ Objects = @(Get-VmemAltmap -Machine $m); Keys = @('namespace0.0', '0x400000000') } }
        'VmemmapPS.Core.VmemmapMapping'                 = { @{ Objects = @(Get-VmemmapMapping -Machine $m -Device namespace*); Keys = @('namespace0.0', 'namespace1.0', '0x4000000010000') } }
        'VmemmapPS.Core.TablePageRun'                   = { @{ Objects = @(Get-SimPageTable -Machine $m); Keys = @('namespace0.0', 'namespace1.0') } }
        'VmemmapPS.Core.TablePageInfo'                  = { @{ Objects = @(Get-SimPageTable -Machine $m -Region Vmemmap -Expand); Keys = @('namespace0.0') } }
        'VmemmapPS.Core.AllocationEvent'                = { @{ Objects = @(Get-SimAllocation -Machine $m -Device namespace1.0 | Select-Object -First 20); Keys = @('namespace1.0') } }
        'VmemmapPS.Core.PageOwnerInfo'                  = { @{ Objects = @(Get-SimPageOwner -Machine $m -Device namespace*); Keys = @('namespace1.0') } }
        'VmemmapPS.Core.KernelWarning'                  = { @{ Objects = @(Get-SimWarning -Machine $w); Keys = @('namespace2.0') } }
        'VmemmapPS.Core.InvariantFinding'               = { @{ Objects = @(Test-SimMachine -Machine $f -Detailed | Where-Object { $_ -is [VmemmapPS.Core.InvariantFinding] }); Keys = @() } }
        'VmemmapPS.Core.HotplugResult'                  = { @{ Objects = @(Remove-Vmemmap -Machine $h -Start $DeviceStart -Size 128MB -Device namespace4.0 -PassThru); Keys = @('namespace4.0') } }
        'VmemmapPS.Core.FaultSpec'                      = { @{ Objects = @(Add-SimFault -Machine (New-SimMachine -Name (New-TestMachineName)) -Nth 9223372036854775807 -Order 9 -Count 3 -PassThru); Keys = @('9223372036854775807') } }
        'VmemmapPS.RealKernel.SimKernelComparison'      = { @{ Objects = @([VmemmapPS.RealKernel.SimKernelComparison]@{ Scenario = 'pmem-64g-namespace0.0'; Kernel = '6.12.43+deb13-arm64'; SimulatedKernel = '6.12'; PageSize = 16KB; Step = 2; Name = 'add namespace0.0'; Metric = 'usage.namespace0.0.vmemmapBytes'; Simulated = 268435456; Real = 268435456; Note = 'from /proc/meminfo' }); Keys = @('usage.namespace0.0.vmemmapBytes', '6.12.43+deb13-arm64') } }
        'VmemmapPS.Core.Scenarios.ScenarioResult'       = { @{ Objects = @(Invoke-SimScenario -Path $scenarioFile); Keys = @('usage.namespace0.0.vmemmapBytes', 'usage.namespace0.0.systemRamUsedBytes') } }
        'VmemmapPS.ScenarioSweepRow'                    = { @{ Objects = @(Invoke-SimScenario -Path (Join-Path $PSScriptRoot '../scenarios/sweep-ram-cost-table.yaml') | Where-Object Kind -EQ Combination); Keys = @() } }
        'VmemmapPS.Core.SystemMemory'                   = { @{ Objects = @(Get-SystemMemory -Machine $m); Keys = @('cxl-ram-expander0', '0x4002000000000') } }
        'VmemmapPS.Core.MemoryBlockInfo'                = { @{ Objects = @(Get-MemoryBlock -Machine $m); Keys = @('cxl-ram-expander0') } }
    }

    # Each sample is made once: some (Remove-Vmemmap) change the machine they read.
    $made = @{}
    foreach ($name in @($samples.Keys)) { $made[$name] = & $samples[$name] }

    # The view's own cells, evaluated as the formatter would: a script that throws prints a blank cell.
    function Get-CellError([string]$File, [string]$TypeName, $Object) {
        $path = Join-Path (Get-Module VmemmapPS).ModuleBase $File
        $view = ([xml](Get-Content -Raw $path)).Configuration.ViewDefinitions.View | Where-Object { $_.ViewSelectedBy.TypeName -eq $TypeName }
        foreach ($item in $view.TableControl.TableRowEntries.TableRowEntry.TableColumnItems.TableColumnItem) {
            if ($item.ScriptBlock) {
                $script = [scriptblock]::Create($item.ScriptBlock)
                try { $null = $Object | ForEach-Object { $ErrorActionPreference = 'Stop'; & $script } }
                catch { "'$($item.ScriptBlock.Trim())': $($_.Exception.Message)" }
            }
            elseif ($item.PropertyName -and -not $Object.PSObject.Properties[$item.PropertyName]) { "no property $($item.PropertyName)" }
        }
    }
}

Describe 'format views' {
    It 'every table view has a sample here: <TypeName>' -ForEach $views {
        $samples.ContainsKey($TypeName) | Should -BeTrue -Because "a new view needs a sample in $PSCommandPath"
        $sample = $made[$TypeName]
        $sample.Objects.Count | Should -BeGreaterThan 0 -Because "the sample of $TypeName must produce objects"
        $sample.Objects[0].PSObject.TypeNames | Should -Contain $TypeName
    }

    It '<TypeName>: every cell''s script runs (no blank columns)' -ForEach $views {
        $sample = $made[$TypeName]
        foreach ($o in $sample.Objects) { Get-CellError $File $TypeName $o | Should -BeNullOrEmpty }
    }

    It '<TypeName> at 200 columns: nothing is cut and the key values come out whole' -ForEach $views {
        $sample = $made[$TypeName]
        $text = $sample.Objects | Out-String -Width 200
        $text | Should -Not -Match ([char]0x2026) -Because "no column of $TypeName is cut at 200 columns:`n$text"
        foreach ($key in $sample.Keys) { $text | Should -Match ([regex]::Escape($key) + '(\s|$)') }
        foreach ($line in $text -split "`n") { $line.TrimEnd().Length | Should -BeLessOrEqual 200 }
    }

    It '<TypeName> at 80 columns: the key values still come out whole and no line is longer' -ForEach $views {
        $sample = $made[$TypeName]
        $text = $sample.Objects | Out-String -Width 80
        foreach ($key in $sample.Keys) { $text | Should -Match ([regex]::Escape($key) + '(\s|$)') -Because "a key column of $TypeName is cut at 80 columns:`n$text" }
        foreach ($line in $text -split "`n") { $line.TrimEnd().Length | Should -BeLessOrEqual 80 }
    }

    It 'the SystemRamSizingRow Free+ column shows what free RAM gains' {
        $row = Measure-Vmemmap -Size 2TB -SystemRam -KernelVersion 6.14
        $text = $row | Out-String -Width 80
        $text | Should -Match ([regex]::Escape([VmemmapPS.Core.Units.ByteSize]::Format([uint64]$row.FreeGainBytes)) + '\s*$')
    }
}
