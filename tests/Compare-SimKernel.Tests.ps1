# Compare-SimKernel's contract and argument errors, without booting anything: every refusal comes before the
# preparation step (the cache folder is never created). The log parser and the comparison rules are exercised on
# a guest log written here. Booting real kernels is build.ps1 -Task Validate, which also runs the help examples
# (VMEMMAPPS_REAL_KERNEL=1).
BeforeDiscovery {
    . $PSScriptRoot/common.ps1
    $examples = @(Get-HelpExample Compare-SimKernel)
    $realKernel = $env:VMEMMAPPS_REAL_KERNEL -eq '1'
}

BeforeAll {
    . $PSScriptRoot/common.ps1
    $temp = Join-Path ([System.IO.Path]::GetTempPath()) ("compare-" + [guid]::NewGuid().ToString('N'))
    New-Item -ItemType Directory $temp | Out-Null
    $cache = Join-Path $temp 'cache-never-created'

    function New-ScenarioFile([string]$Name, [string]$Yaml) {
        $path = Join-Path $temp $Name
        Set-Content -LiteralPath $path -Value $Yaml -NoNewline
        $path
    }

    function New-GuestScenario([string]$Name, [string]$Machine = '{ pageSize: 4K, vaBits: 52, kernel: "6.14", nodes: [ { id: 0, ram: [ { start: 0x40000000, size: 2G } ] } ] }',
        [string]$Devices = '[ { name: pmem0, type: FsDax, start: 0x100000000, size: 1G, memmap: dev, align: 2M } ]',
        [string]$Steps = '[ { add: pmem0 }, { remove: pmem0 } ]', [string]$Extra = '') {
        New-ScenarioFile "$Name.yaml" "name: $Name`nmachine: $Machine`ndevices: $Devices`nsteps: $Steps`n$Extra"
    }

    # The error a call gives, as an ErrorRecord (non-terminating errors collected, terminating ones caught).
    function Get-CompareError([hashtable]$Arguments) {
        $errors = $null
        try { $null = Compare-SimKernel @Arguments -CachePath $cache -ErrorVariable errors -ErrorAction SilentlyContinue }
        catch { return $_ }
        $errors | Select-Object -First 1
    }

    $good = New-GuestScenario 'good'
}

AfterAll {
    Remove-Item -Recurse -Force $temp -ErrorAction SilentlyContinue
}

Describe 'Compare-SimKernel' {
    Context 'contract' {
        It 'has the contract parameters' {
            Get-DeclaredParameter Compare-SimKernel | Should -Be (@('Path', 'KernelPackage', 'KernelImage', 'ModulesPath', 'Set', 'KmemDevice',
                    'MemmapOnMemory', 'CachePath', 'TimeoutSeconds') | Sort-Object)
        }

        It 'declares its output type' {
            (Get-Command Compare-SimKernel).OutputType.Type | Should -Contain ([VmemmapPS.RealKernel.SimKernelComparison])
        }

        It 'takes -KernelImage only together with -ModulesPath' {
            $parameters = (Get-Command Compare-SimKernel).Parameters
            $parameters['KernelImage'].ParameterSets['Image'].IsMandatory | Should -BeTrue
            $parameters['ModulesPath'].ParameterSets['Image'].IsMandatory | Should -BeTrue
            $parameters['KernelPackage'].ParameterSets.Keys | Should -Be @('Package')
            { Compare-SimKernel -Path $good -KernelImage /x -ModulesPath /y -KernelPackage 6.12 -ErrorAction Stop } |
                Should -Throw -ErrorId 'AmbiguousParameterSet,VmemmapPS.Commands.CompareSimKernelCommand'
        }
    }

    Context 'refused before anything is prepared or booted' {
        It '<Case> gives <Id> (<Category>)' -ForEach @(
            @{ Case = 'a missing file'; Id = 'ScenarioFileNotFound'; Category = 'ObjectNotFound'; Make = { @{ Path = (Join-Path $temp 'missing.yaml') } } }
            @{ Case = 'an invalid file'; Id = 'ScenarioValidationFailed'; Category = 'InvalidData'; Make = { @{ Path = (New-GuestScenario 'bad' -Steps '[ { add: nosuch } ]') } } }
            @{ Case = 'a sweep'; Id = 'GuestCannotExpress'; Category = 'InvalidArgument'; Make = { @{ Path = (New-GuestScenario 'sweep' -Extra "sweep:`n  devices.pmem0.size: [1G, 2G]") } } }
            @{ Case = 'two NUMA nodes'; Id = 'GuestCannotExpress'; Category = 'InvalidArgument'; Make = { @{ Path = (New-GuestScenario 'nodes' -Machine '{ pageSize: 4K, nodes: [ { id: 0, ram: [ { start: 0x40000000, size: 2G } ] }, { id: 1, ram: [ { start: 0x200000000, size: 2G } ] } ] }') } } }
            @{ Case = 'RAM away from 0x40000000'; Id = 'GuestCannotExpress'; Category = 'InvalidArgument'; Make = { @{ Path = (New-GuestScenario 'ramstart' -Machine '{ pageSize: 4K, nodes: [ { id: 0, ram: [ { start: 0x80000000, size: 2G } ] } ] }') } } }
            @{ Case = 'a Generic device'; Id = 'GuestCannotExpress'; Category = 'InvalidArgument'; Make = { @{ Path = (New-GuestScenario 'generic' -Devices '[ { name: cxl0, type: Generic, start: 0x100000000, size: 1G } ]' -Steps '[ { add: cxl0 } ]') } } }
            @{ Case = 'a device inside the RAM'; Id = 'GuestCannotExpress'; Category = 'InvalidArgument'; Make = { @{ Path = (New-GuestScenario 'inram' -Devices '[ { name: pmem0, type: FsDax, start: 0x80000000, size: 1G } ]') } } }
            @{ Case = 'an injectFailure step'; Id = 'GuestCannotExpress'; Category = 'InvalidArgument'; Make = { @{ Path = (New-GuestScenario 'inject' -Steps '[ { injectFailure: { nth: 1 } }, { add: pmem0 } ]') } } }
            @{ Case = 'no add or remove step'; Id = 'GuestCannotExpress'; Category = 'InvalidArgument'; Make = { @{ Path = (New-GuestScenario 'nosteps' -Steps '[ { checkInvariants: true } ]') } } }
            @{ Case = 'kmem of an FsDax device'; Id = 'GuestCannotExpress'; Category = 'InvalidArgument'; Make = { @{ Path = $good; KmemDevice = 'pmem0' } } }
            @{ Case = 'kmem of a device the scenario lacks'; Id = 'GuestCannotExpress'; Category = 'InvalidArgument'; Make = { @{ Path = $good; KmemDevice = 'nosuch' } } }
            @{ Case = '-MemmapOnMemory without -KmemDevice'; Id = 'MemmapOnMemoryWithoutKmemDevice'; Category = 'InvalidArgument'; Make = { @{ Path = $good; MemmapOnMemory = $true } } }
            @{ Case = '64K pages with a Debian package'; Id = 'NoDebianKernelForPageSize'; Category = 'InvalidArgument'; Make = { @{ Path = (New-GuestScenario 'page64k' -Machine '{ pageSize: 64K, nodes: [ { id: 0, ram: [ { start: 0x40000000, size: 2G } ] } ] }' -Devices '[ { name: pmem0, type: FsDax, start: 0x100000000, size: 1G } ]') } } }
            @{ Case = 'an Image that does not exist'; Id = 'KernelImageNotFound'; Category = 'ObjectNotFound'; Make = { @{ Path = $good; KernelImage = (Join-Path $temp 'Image'); ModulesPath = $temp } } }
            @{ Case = 'a modules folder that does not exist'; Id = 'ModulesPathNotFound'; Category = 'ObjectNotFound'; Make = { $img = Join-Path $temp 'Image.present'; Set-Content $img 'x'; @{ Path = $good; KernelImage = $img; ModulesPath = (Join-Path $temp 'nomods') } } }
        ) {
            $err = Get-CompareError (& $Make)
            $err | Should -Not -BeNullOrEmpty
            $err.FullyQualifiedErrorId | Should -BeLike "$Id,*"
            # One failure vocabulary: the id is a FailureKind name, its category the one ErrorMapping gives.
            [enum]::GetNames([VmemmapPS.Core.Errors.FailureKind]) | Should -Contain $Id
            $err.CategoryInfo.Category | Should -Be $Category
            $cache | Should -Not -Exist
        }

        It 'names the offending device as the target' {
            $err = Get-CompareError @{ Path = (New-GuestScenario 'generic2' -Devices '[ { name: cxl0, type: Generic, start: 0x100000000, size: 1G } ]' -Steps '[ { add: cxl0 } ]') }
            $err.TargetObject | Should -Be 'cxl0'
            $err.Exception.Message | Should -Match 'FsDax, DevDax'
        }
    }

    Context 'the guest plan' {
        BeforeAll {
            $scenario = Import-SimScenario -Path (New-GuestScenario 'plan' -Devices '[ { name: pmem0, type: FsDax, start: 0x100000000, size: 1G, memmap: dev, align: 2M }, { name: dax0, type: DevDax, start: 0x180000000, size: 3G } ]' -Steps '[ { add: pmem0 }, { add: dax0 }, { label: both }, { remove: pmem0 } ]')
            $plan = [VmemmapPS.RealKernel.GuestPlan]::From($scenario, 'dax0', $true)
        }

        It 'gives the guest the RAM with mem= and QEMU enough memory for the highest device' {
            $plan.KernelCommandLine() | Should -Match "(^| )mem=$(2GB / 1KB)K( |$)"
            # 0x180000000 + 3G = 9G, from QEMU's RAM base at 1G: 8 GiB.
            $plan.QemuMemoryGiB | Should -Be ((0x180000000 + 3GB - 0x40000000) / 1GB)
        }

        It 'lists the devices with kind, map and align (default PMD_SIZE) and the steps, kmem after the add' {
            $line = $plan.KernelCommandLine()
            $line | Should -Match "vps\.d=100000000:fsdax:dev:$(2MB),180000000:devdax:mem:$($PmdSize[4KB])( |$)"
            $line | Should -Match 'vps\.steps=add:0,add:1,kmem:1:1,remove:0( |$)'
            $line | Should -Match 'memory_hotplug\.memmap_on_memory=1'
            $line | Should -Match 'memhp_default_state=offline'
        }

        It 'adds one pmem region per device and cuts the memory node to the RAM' {
            $dt = $plan.DeviceTreeAddition()
            $dt | Should -Match 'memory@40000000 \{\s+reg = <0x0 0x40000000 0x0 0x80000000>;'
            $dt | Should -Match 'pmem@180000000 \{\s+compatible = "pmem-region";\s+numa-node-id = <0x00>;\s+reg = <0x1 0x80000000 0x0 0xc0000000>;'
        }
    }

    Context 'reading a guest log' {
        BeforeAll {
            # A 4K guest: 1 GiB fsdax map=mem added (memmap 1G / 4K * 64 B = 16M plus page tables taken from free pages)
            # and removed. Free pages and slab numbers are made up; what is checked is the arithmetic on them.
            $scenario = Import-SimScenario -Path (New-GuestScenario 'log' -Devices '[ { name: pmem0, type: FsDax, start: 0x100000000, size: 1G, memmap: mem, align: 2M } ]')
            $plan = [VmemmapPS.RealKernel.GuestPlan]::From($scenario, $null, $false)
            $freeBefore = 500000; $usedPages = 4700; $slabGrowthKiB = 100
            $log = @"
[    1.0] boot noise
VPS begin release=6.12.117+deb12-arm64 pagesize=4096
VPS snap 0 free=$($freeBefore - 100) pcp=100 memtotal=2000000 slab=9000 kernelstack=900 percpu=300
VPS dmesg 1 [   17.8] nd_pmem pfn0.0: unable to guarantee persistence of writes
VPS step 1 action=add dev=0 nd=pfn0.0 rc=0 driver=nd_pmem size=$(1GB - 2MB) resource=0x100200000 daxsize=none
VPS snap 1 free=$($freeBefore - $usedPages - 50) pcp=50 memtotal=2000000 slab=$(9000 + $slabGrowthKiB) kernelstack=900 percpu=300
VPS dmesg 2 [   20.1] WARNING: CPU: 1 PID: 1 at mm/memremap.c:1 memunmap_pages+0x1/0x2
VPS step 2 action=remove dev=0 nd=pfn0.0 rc=0 driver=none size=none resource=none daxsize=none
VPS snap 2 free=$freeBefore pcp=0 memtotal=2000000 slab=9000 kernelstack=900 percpu=300
VPS end steps=2
"@
            $parsed = [VmemmapPS.RealKernel.GuestLog]::Parse($log)
            $sim = [VmemmapPS.RealKernel.SimulatedRun]::Run($plan, $scenario)
            $rows = @([VmemmapPS.RealKernel.StepComparer]::Compare($plan, $sim, $parsed, '6.14', '/log'))
        }

        It 'reads the release, page size and snapshots' {
            $parsed.Release | Should -Be '6.12.117+deb12-arm64'
            $parsed.PageSize | Should -Be 4096
            $parsed.Ended | Should -BeTrue
            $parsed.Snapshots[0].FreePages | Should -Be $freeBefore
        }

        It 'takes RAM used from the drop in free plus per-cpu pages' {
            $ram = $rows | Where-Object { $_.Step -eq 1 -and $_.Metric -eq 'RamUsedBytes' }
            $ram.Real | Should -Be ($usedPages * 4KB)
            $ram.Difference | Should -Be ($ram.Real - $ram.Simulated)
        }

        It 'allows the noise plus the slab growth, no more' {
            $ram = $rows | Where-Object { $_.Step -eq 1 -and $_.Metric -eq 'RamUsedBytes' }
            $ram.Tolerance | Should -Be (512KB + $slabGrowthKiB * 1KB)
            $ram.Agree | Should -Be ([math]::Abs($ram.Difference) -le $ram.Tolerance)
        }

        It 'compares the capacity exactly with the simulated usable bytes' {
            $cap = $rows | Where-Object { $_.Step -eq 1 -and $_.Metric -eq 'CapacityBytes' }
            $cap.Real | Should -Be (1GB - 2MB)
            $cap.Simulated | Should -Be (1GB - 2MB)    # map=mem: offset = ALIGN(8K, 2M)
            $cap.Tolerance | Should -Be 0
            $cap.Agree | Should -BeTrue
        }

        It 'turns a WARNING in the step''s kernel log into a Warnings row that disagrees' {
            $warn = $rows | Where-Object { $_.Step -eq 2 -and $_.Metric -eq 'Warnings' }
            $warn.Real | Should -Be 1
            $warn.Simulated | Should -Be 0
            $warn.Agree | Should -BeFalse
        }

        It 'stops comparing RAM after an Oops and says which steps the guest never ran' {
            $oopsLog = $log -replace 'VPS dmesg 1 .*', 'VPS dmesg 1 [ 17.9] Internal error: Oops: 0000000096000007 [#1] SMP' -replace '(?ms)^VPS dmesg 2.*', ''
            $oopsRows = @([VmemmapPS.RealKernel.StepComparer]::Compare($plan, $sim, [VmemmapPS.RealKernel.GuestLog]::Parse($oopsLog), '6.14', '/log'))
            ($oopsRows | Where-Object { $_.Step -eq 1 }).Metric | Should -Be @('Oops', 'Warnings')
            ($oopsRows | Where-Object { $_.Step -eq 1 -and $_.Metric -eq 'Oops' }).Real | Should -Be 1
            $unrun = $oopsRows | Where-Object { $_.Step -eq 2 }
            $unrun.Note | Should -Match 'after the Oops in step 1'
            $unrun.Compared | Should -BeFalse
        }
    }

    Context 'simulating a kmem step' {
        BeforeAll {
            # 2 GiB devdax map=mem at 4 GiB on a 4K 6.12 guest, handed to kmem. nd_pfn_init puts the info block in the
            # first 8K and aligns the data to the 2M align, so the dax range starts 2M in; kmem rounds it inward to
            # 128M memory blocks (start up, end down). With memmap_on_memory each block keeps its own memmap at its
            # start: 128M / 4K * 64 B = 2M, which never reaches MemTotal.
            $start = 0x100000000; $size = 2GB; $block = 128MB
            $daxStart = $start + 2MB; $daxEnd = $start + $size
            $first = [math]::Ceiling($daxStart / $block) * $block
            $last = [math]::Floor($daxEnd / $block) * $block
            $blocks = ($last - $first) / $block
            $memmapPerBlock = $block / 4KB * 64
            $machine = '{ pageSize: <P>, vaBits: 48, kernel: "6.12.117", nodes: [ { id: 0, ram: [ { start: 0x40000000, size: 2G } ] } ] }'
            # The align is PMD_SIZE (2M at 4K, 32M at 16K): the data then starts one align in, and the blocks are the same.
            $devices = '[ { name: pmem0, type: DevDax, start: 0x100000000, size: 2G, memmap: mem, align: <A> } ]'
            function Get-KmemStep([string]$PageSize, [bool]$MemmapOnMemory) {
                $scenario = Import-SimScenario -Path (New-GuestScenario "kmem-$PageSize-$MemmapOnMemory" -Machine ($machine -replace '<P>', $PageSize) -Devices ($devices -replace '<A>', $(if ($PageSize -eq '4K') { '2M' } else { '32M' })) -Steps '[ { add: pmem0 } ]')
                $plan = [VmemmapPS.RealKernel.GuestPlan]::From($scenario, 'pmem0', $MemmapOnMemory)
                [pscustomobject]@{ Plan = $plan; Steps = [VmemmapPS.RealKernel.SimulatedRun]::Run($plan, $scenario) }
            }
        }

        It 'hot-adds the whole blocks inside the dax range, memmap_on_memory=<Mom>' -ForEach @(@{ Mom = $true }, @{ Mom = $false }) {
            $kmem = (Get-KmemStep 4K $Mom).Steps[1]
            $kmem.Simulated | Should -BeTrue
            $kmem.Errno | Should -Be 0
            $kmem.MemoryBlocks | Should -Be $blocks
            $kmem.MemmapOnMemory | Should -Be $Mom
            $kmem.MemTotalDeltaBytes | Should -Be ($blocks * ($block - $(if ($Mom) { $memmapPerBlock } else { 0 })))
        }

        It 'gives the RAM back that the online blocks add, less what the hot-add costs' {
            $with = (Get-KmemStep 4K $true).Steps[1]
            $without = (Get-KmemStep 4K $false).Steps[1]
            # Without memmap_on_memory MemTotal grows by the memmap more, and that memmap is then taken from RAM: the
            # free RAM gained is the same both ways, up to the page tables of the vmemmap, which both pay.
            ($without.MemTotalDeltaBytes - $with.MemTotalDeltaBytes) | Should -Be ($blocks * $memmapPerBlock)
            $with.RamUsedBytes | Should -BeLessThan (-$with.MemTotalDeltaBytes + 8MB)
            [math]::Abs($with.RamUsedBytes - $without.RamUsedBytes) | Should -BeLessOrEqual 1MB
        }

        It 'on 16K the memmap_on_memory write is refused and kmem binds without it' {
            $kmem = (Get-KmemStep 16K $true).Steps[1]
            $kmem.Errno | Should -Be 0
            $kmem.MemmapOnMemory | Should -BeFalse
            $kmem.Note | Should -Match 'EOPNOTSUPP'
            $kmem.MemTotalDeltaBytes | Should -Be ($blocks * $block)
        }

        It 'compares the blocks, the attribute and MemTotal with the guest''s report' {
            $run = Get-KmemStep 4K $true
            $kmem = $run.Steps[1]
            $total0 = 2000000; $free0 = 400000
            $log = @"
VPS begin release=6.12.117+deb12-arm64 pagesize=4096
VPS snap 0 free=$free0 pcp=0 memtotal=$total0 slab=9000 kernelstack=900 percpu=300
VPS step 1 action=add dev=0 nd=dax0.1 rc=0 driver=dax_pmem size=$($size - 2MB) resource=0x100200000 daxsize=$($size - 2MB)
VPS snap 1 free=$($free0 - $run.Steps[0].RamUsedBytes / 4KB) pcp=0 memtotal=$total0 slab=9000 kernelstack=900 percpu=300
VPS step 2 action=kmem dev=0 nd=dax0.1 rc=0 err=none driver=kmem memmap_on_memory=1 blocks=$blocks onlined=$blocks block_size=$block
VPS snap 2 free=$($free0 - ($run.Steps[0].RamUsedBytes + $kmem.RamUsedBytes) / 4KB) pcp=0 memtotal=$($total0 + $blocks * ($block - $memmapPerBlock) / 1KB) slab=9000 kernelstack=900 percpu=300
VPS end steps=2
"@
            $rows = @([VmemmapPS.RealKernel.StepComparer]::Compare($run.Plan, $run.Steps, [VmemmapPS.RealKernel.GuestLog]::Parse($log), '6.12.117', '/log'))
            $step2 = $rows | Where-Object Step -EQ 2
            ($step2 | Where-Object Metric -EQ 'MemoryBlocks').Real | Should -Be $blocks
            ($step2 | Where-Object Metric -EQ 'MemmapOnMemory').Real | Should -Be 1
            ($step2 | Where-Object Metric -EQ 'MemTotalDeltaBytes').Real | Should -Be ($blocks * ($block - $memmapPerBlock))
            $step2 | ForEach-Object { $_.Compared | Should -BeTrue; $_.Agree | Should -BeTrue -Because $_.Metric }
        }
    }

    Context 'help examples on a real kernel' -Skip:(-not $realKernel) {
        It 'example "<Title>" runs' -ForEach $examples {
            Invoke-HelpExample $Code
        }
    }
}
