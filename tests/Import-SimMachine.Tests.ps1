BeforeDiscovery {
    . $PSScriptRoot/common.ps1
    $examples = @(Get-HelpExample Import-SimMachine)
}

BeforeAll {
    . $PSScriptRoot/common.ps1
    $fixtures = Join-Path $PSScriptRoot 'fixtures/captures'

    # The System RAM lines at the top of /proc/iomem (start, inclusive end), read from the fixture itself.
    function Get-IomemRam([string]$Capture) {
        foreach ($line in Get-Content (Join-Path $fixtures "$Capture/proc-iomem.txt")) {
            if ($line -match '^([0-9a-f]+)-([0-9a-f]+) : System RAM$') {
                [pscustomobject]@{ Start = [Convert]::ToUInt64($Matches[1], 16); Size = [Convert]::ToUInt64($Matches[2], 16) - [Convert]::ToUInt64($Matches[1], 16) + 1 }
            }
        }
    }

    function Get-IomemResource([string]$Capture, [string]$Name) {
        foreach ($line in Get-Content (Join-Path $fixtures "$Capture/proc-iomem.txt")) {
            if ($line -match "^\s*([0-9a-f]+)-([0-9a-f]+) : $([regex]::Escape($Name))$") {
                return [pscustomobject]@{ Start = [Convert]::ToUInt64($Matches[1], 16); Size = [Convert]::ToUInt64($Matches[2], 16) - [Convert]::ToUInt64($Matches[1], 16) + 1 }
            }
        }
    }

    function Get-NdctlNamespace([string]$Capture, [string]$Name) {
        $json = Get-Content -Raw (Join-Path $fixtures "$Capture/ndctl-list.json") | ConvertFrom-Json
        @($json) + @($json | ForEach-Object { $_.PSObject.Properties['namespaces'].Value }) | Where-Object { $_ -and $_.dev -eq $Name } | Select-Object -First 1
    }

    function Import-Fixture([string]$Capture) {
        $warnings = $null
        $m = Import-SimMachine -Path (Join-Path $fixtures $Capture) -Name (New-TestMachineName) -WarningVariable warnings -WarningAction SilentlyContinue
        [pscustomobject]@{ Machine = $m; Warnings = @($warnings | ForEach-Object { "$_" }) }
    }
}

Describe 'Import-SimMachine' {
    Context 'contract' {
        It 'has the contract parameters' {
            Get-DeclaredParameter Import-SimMachine | Should -Be (@('Path', 'Name', 'IomemPath', 'NdctlListPath', 'DaxctlListPath', 'CxlListPath',
                    'CmdlinePath', 'KernelConfigPath', 'KernelRelease', 'PageSize', 'MemoryBlockSize', 'Force') | Sort-Object)
        }

        It 'declares its output type' {
            (Get-Command Import-SimMachine).OutputType.Type | Should -Be ([VmemmapPS.Core.SimMachine])
        }
    }

    Context 'a 4K host with fsdax namespaces, captured as root' {
        BeforeAll {
            $r = Import-Fixture 'arm64-4k-pmem'
            $m = $r.Machine
        }

        It 'takes page size, VA_BITS, rodata_full and the kernel release from the capture' {
            $m.PageSize | Should -Be (Get-Content (Join-Path $fixtures 'arm64-4k-pmem/pagesize.txt'))
            $m.VaBits | Should -Be 48
            $m.RodataFull | Should -BeTrue   # CONFIG_RODATA_FULL_DEFAULT_ENABLED=y and no rodata= parameter
            $m.Config.KernelVersion | Should -Be (Get-Content (Join-Path $fixtures 'arm64-4k-pmem/uname-r.txt'))
        }

        It 'has the System RAM of /proc/iomem, per node as the memory blocks say' {
            $ram = @(Get-IomemRam 'arm64-4k-pmem')
            $m.SystemRamTotalBytes | Should -Be (($ram | Measure-Object Size -Sum).Sum)
            $m.Config.Nodes.Id | Should -Be @(0, 1)
            $m.Config.Nodes[0].Ram[0].Start | Should -Be $ram[0].Start
            $m.Config.Nodes[1].Ram[0].Start | Should -Be $ram[1].Start
        }

        It 'places each namespace at its iomem resource with the mode ndctl reports' {
            $d = @(Get-DeviceMemory -Machine $m)
            $d.Name | Should -Be @('namespace0.0', 'namespace1.0')
            foreach ($name in 'namespace0.0', 'namespace1.0') {
                $res = Get-IomemResource 'arm64-4k-pmem' $name
                $dev = $d | Where-Object Name -EQ $name
                $dev.Start | Should -Be $res.Start
                $dev.Size | Should -Be $res.Size
            }
            ($d | Where-Object Name -EQ 'namespace0.0').MemmapLocation | Should -Be 'Device'
            ($d | Where-Object Name -EQ 'namespace1.0').MemmapLocation | Should -Be 'SystemRam'
            ($d | Where-Object Name -EQ 'namespace1.0').Node | Should -Be 1
        }

        It 'gives the usable capacity nd_pfn_init computes, which is what ndctl printed' {
            foreach ($case in @{ Name = 'namespace0.0'; Altmap = $true }, @{ Name = 'namespace1.0'; Altmap = $false }) {
                $res = Get-IomemResource 'arm64-4k-pmem' $case.Name
                $expected = (Get-NvdimmGeometry -Start $res.Start -Size $res.Size -PageSize 4KB -Altmap:$case.Altmap -Align 2MB).UsableBytes
                $dev = Get-DeviceMemory -Machine $m -Name $case.Name
                $dev.UsableBytes | Should -Be $expected
                (Get-NdctlNamespace 'arm64-4k-pmem' $case.Name).size | Should -Be $expected
            }
            $r.Warnings | Where-Object { $_ -match 'usable' } | Should -BeNullOrEmpty
        }

        It 'answers Measure-Vmemmap for that box: map=dev struct pages come from the namespace' {
            $res = Get-IomemResource 'arm64-4k-pmem' 'namespace0.0'
            $g = Get-NvdimmGeometry -Start $res.Start -Size $res.Size -PageSize 4KB -Altmap -Align 2MB
            $row = Measure-Vmemmap -Machine $m | Where-Object Device -EQ 'namespace0.0'
            $row.VmemmapFromSystemRamBytes | Should -Be 0
            $row.VmemmapFromAltmapBytes | Should -BeGreaterThan 0
            $row.VmemmapFromAltmapBytes | Should -BeLessOrEqual ($g.Free * 4KB)
        }

        It 'registers the machine under its name, and refuses the name again without -Force' {
            (Get-SimMachine -Name $m.Name).Name | Should -Be $m.Name
            $err = $null
            Import-SimMachine -Path (Join-Path $fixtures 'arm64-4k-pmem') -Name $m.Name -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Should -BeNullOrEmpty
            Assert-SimError $err[0] 'MachineNameInUse' 'ResourceExists' 'Import-SimMachine'
            (Get-SimMachine -Name $m.Name) | Should -Be $m
        }

        It 'exports to a scenario that reproduces the machine' {
            $file = Join-Path $TestDrive 'imported.yaml'
            Export-SimScenario -Machine $m -Path $file
            $s = Import-SimScenario -Path $file
            $s.Machine.PageSize | Should -Be $m.PageSize
            $s.Machine.KernelVersion | Should -Be $m.Config.KernelVersion
            $s.Devices.Name | Should -Be @('namespace0.0', 'namespace1.0')
            $s.Devices[0].Start | Should -Be (Get-IomemResource 'arm64-4k-pmem' 'namespace0.0').Start
            $s.Devices[0].Altmap | Should -BeTrue
            @(Invoke-SimScenario -Path $file) | Where-Object { $_.PSObject.Properties['Pass'] -and -not $_.Pass } | Should -BeNullOrEmpty
        }

        It 'imports the same machine from the tarball the script writes' {
            $tarball = Join-Path $TestDrive 'capture.tar.gz'
            Push-Location $fixtures
            try { & tar -czf $tarball 'arm64-4k-pmem' } finally { Pop-Location }
            $t = Import-SimMachine -Path $tarball -Name (New-TestMachineName) -WarningAction SilentlyContinue
            $t.SystemRamTotalBytes | Should -Be $m.SystemRamTotalBytes
            (Get-DeviceMemory -Machine $t).UsableBytes | Should -Be (Get-DeviceMemory -Machine $m).UsableBytes
        }
    }

    Context 'a 64K host with a devdax namespace' {
        BeforeAll {
            $r = Import-Fixture 'arm64-64k-devdax'
            $m = $r.Machine
        }

        It 'has 64K pages and no rodata_full (rodata=off on the command line)' {
            $m.PageSize | Should -Be 64KB
            $m.RodataFull | Should -BeFalse
        }

        It 'imports the namespace once, not again as its dax device' {
            $d = @(Get-DeviceMemory -Machine $m)
            $d.Name | Should -Be 'namespace0.0'
            $d.Type | Should -Be 'DevDax'
            $res = Get-IomemResource 'arm64-64k-devdax' 'namespace0.0'
            $d.UsableBytes | Should -Be (Get-NvdimmGeometry -Start $res.Start -Size $res.Size -PageSize 64KB -Align 512MB).UsableBytes
            $d.UsableBytes | Should -Be (Get-NdctlNamespace 'arm64-64k-devdax' 'namespace0.0').size
        }

        It 'lists what it had to assume: no memory blocks, so every range is on node 0' {
            $m.Assumptions | Where-Object { $_ -match '^NUMA' } | Should -Not -BeNullOrEmpty
        }
    }

    Context 'a capture made without root' {
        BeforeAll { $r = Import-Fixture 'arm64-4k-nonroot' }

        It 'says that iomem had no addresses and rebuilds RAM from the online memory blocks' {
            $r.Warnings | Where-Object { $_ -match 'proc-iomem.txt: every address is zero' } | Should -Not -BeNullOrEmpty
            $blocks = Import-Csv -Delimiter "`t" (Join-Path $fixtures 'arm64-4k-nonroot/memory-blocks.tsv')
            $blockSize = [Convert]::ToUInt64((Get-Content (Join-Path $fixtures 'arm64-4k-nonroot/block_size_bytes.txt')), 16)
            $r.Machine.SystemRamTotalBytes | Should -Be (@($blocks | Where-Object state -EQ 'online').Count * $blockSize)
            $r.Machine.Assumptions | Where-Object { $_ -match '^RAM: rebuilt from the online memory blocks' } | Should -Not -BeNullOrEmpty
        }

        It 'does not invent a start for the namespace' {
            @(Get-DeviceMemory -Machine $r.Machine) | Should -BeNullOrEmpty
            $r.Warnings | Where-Object { $_ -match "namespace0.0's physical start is unknown" } | Should -Not -BeNullOrEmpty
        }
    }

    Context 'a host whose dax device is onlined through kmem' {
        It 'warns that hot-added System RAM is not simulated and imports no ZONE_DEVICE copy of it' {
            $r = Import-Fixture 'arm64-4k-kmem'
            $r.Warnings | Where-Object { $_ -match 'dax0.0 is onlined as System RAM \(kmem\)' } | Should -Not -BeNullOrEmpty
            @(Get-DeviceMemory -Machine $r.Machine) | Should -BeNullOrEmpty
            # the kmem range is nested under the dax device: only the top-level System RAM is boot RAM
            $r.Machine.SystemRamTotalBytes | Should -Be ((Get-IomemRam 'arm64-4k-kmem' | Measure-Object Size -Sum).Sum)
        }

        It 'reports memmap_on_memory from the capture' {
            $r = Import-Fixture 'arm64-4k-kmem'
            $r.Warnings | Where-Object { $_ -match 'memmap_on_memory is on' } | Should -Not -BeNullOrEmpty
        }
    }

    Context 'pieces one by one' {
        It 'builds a machine from iomem, ndctl list, a release and a page size, without a folder' {
            $dir = Join-Path $fixtures 'arm64-4k-pmem'
            $m = Import-SimMachine -Name (New-TestMachineName) -IomemPath (Join-Path $dir 'proc-iomem.txt') -NdctlListPath (Join-Path $dir 'ndctl-list.json') `
                -KernelRelease (Get-Content (Join-Path $dir 'uname-r.txt')) -PageSize 4KB -WarningAction SilentlyContinue
            @(Get-DeviceMemory -Machine $m).Count | Should -Be 2
            $m.Assumptions | Where-Object { $_ -match '^VA_BITS' } | Should -Not -BeNullOrEmpty
        }

        It 'lets a piece override the folder: -KernelRelease' {
            $m = Import-SimMachine -Path (Join-Path $fixtures 'arm64-4k-pmem') -Name (New-TestMachineName) -KernelRelease '5.9' -WarningAction SilentlyContinue
            $m.Config.KernelVersion | Should -Be '5.9'
        }
    }

    Context 'bad captures' {
        It '<Capture> gives <Id> naming <Names>' -ForEach @(
            @{ Capture = 'broken/truncated-json'; Id = 'InvalidCapture'; Names = 'ndctl-list.json:7:' }
            @{ Capture = 'broken/x86'; Id = 'InvalidCapture'; Names = 'x86_64' }
            @{ Capture = 'broken/x86-config-only'; Id = 'InvalidCapture'; Names = 'x86_64' }
            @{ Capture = 'broken/bad-iomem'; Id = 'InvalidCapture'; Names = 'proc-iomem.txt:2:' }
            @{ Capture = 'broken/old-kernel'; Id = 'UnknownKernelVersion'; Names = 'uname-r.txt' }
            @{ Capture = 'no-such-capture'; Id = 'CaptureNotFound'; Names = 'no-such-capture' }
        ) {
            $name = New-TestMachineName
            $err = $null
            Import-SimMachine -Path (Join-Path $fixtures $Capture) -Name $name -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue | Should -BeNullOrEmpty
            $category = if ($Id -eq 'CaptureNotFound') { 'ObjectNotFound' } elseif ($Id -eq 'UnknownKernelVersion') { 'InvalidArgument' } else { 'InvalidData' }
            Assert-SimError $err[0] $Id $category 'Import-SimMachine'
            $err[0].Exception.Message | Should -Match ([regex]::Escape($Names))
            Get-SimMachine -Name $name -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }

        It 'refuses a human-readable ndctl size (-u) naming the file and line' {
            $dir = Join-Path $TestDrive 'human'
            Copy-Item -Recurse (Join-Path $fixtures 'arm64-4k-pmem') $dir
            (Get-Content -Raw (Join-Path $dir 'ndctl-list.json')) -replace '"size": 67643637760', '"size": "63.00 GiB (67.64 GB)"' | Set-Content (Join-Path $dir 'ndctl-list.json')
            $err = $null
            Import-SimMachine -Path $dir -Name (New-TestMachineName) -ErrorVariable err -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            $err[0].Exception.Message | Should -Match 'ndctl-list.json:\d+: "size": "63.00 GiB \(67.64 GB\)" is not a number of bytes; capture without -u'
        }
    }

    Context 'help' {
        It 'example "<Title>" runs' -ForEach $examples {
            Invoke-HelpExample $Code
        }
    }
}

Describe 'Get-SimCaptureScript and vmemmapps-capture.sh' {
    BeforeAll {
        # A fake host: procfs, sysfs and boot trees under one root, and fake tools on PATH.
        $root = Join-Path $TestDrive 'root'
        $bin = Join-Path $TestDrive 'bin'
        $src = Join-Path $fixtures 'arm64-4k-pmem'
        foreach ($d in 'proc', 'boot', 'sys/devices/system/memory', 'sys/devices/system/node/node0', 'sys/devices/system/node/node1', 'sys/module/memory_hotplug/parameters') {
            New-Item -ItemType Directory -Force (Join-Path $root $d) | Out-Null
        }
        Copy-Item (Join-Path $src 'proc-iomem.txt') (Join-Path $root 'proc/iomem')
        Copy-Item (Join-Path $src 'proc-cmdline.txt') (Join-Path $root 'proc/cmdline')
        Copy-Item (Join-Path $src 'proc-meminfo.txt') (Join-Path $root 'proc/meminfo')
        Copy-Item (Join-Path $src 'kernel-config.txt') (Join-Path $root 'boot/config-6.12.107+deb12-arm64')
        Set-Content (Join-Path $root 'sys/devices/system/memory/block_size_bytes') '8000000'
        Set-Content (Join-Path $root 'sys/module/memory_hotplug/parameters/memmap_on_memory') 'N'
        foreach ($b in Import-Csv -Delimiter "`t" (Join-Path $src 'memory-blocks.tsv')) {
            $dir = New-Item -ItemType Directory -Force (Join-Path $root "sys/devices/system/memory/$($b.block)")
            Set-Content (Join-Path $dir 'phys_index') $b.phys_index
            Set-Content (Join-Path $dir 'state') $b.state
            Set-Content (Join-Path $dir 'valid_zones') $b.valid_zones
            Set-Content (Join-Path $dir 'phys_device') $b.phys_device
            New-Item -ItemType Directory (Join-Path $dir "node$($b.node)") | Out-Null
        }
        Set-Content (Join-Path $root 'sys/devices/system/node/node0/meminfo') 'Node 0 MemTotal:       4194304 kB'
        Set-Content (Join-Path $root 'sys/devices/system/node/node0/cpulist') '0-63'
        New-Item -ItemType Directory -Force $bin | Out-Null
        $tools = @{
            uname  = "#!/bin/sh`ncase `"`$1`" in -r) echo 6.12.107+deb12-arm64;; -m) echo aarch64;; esac"
            getconf = "#!/bin/sh`necho 4096"
            ndctl  = "#!/bin/sh`ncat '$(Join-Path $src 'ndctl-list.json')'"
        }
        foreach ($t in $tools.Keys) {
            Set-Content (Join-Path $bin $t) $tools[$t]
            & chmod +x (Join-Path $bin $t)
        }
        $script = Get-SimCaptureScript -AsPath
        $out = Join-Path $TestDrive 'capture'
        $env:VMEMMAPPS_ROOT = $root
        $oldPath = $env:PATH
        $env:PATH = "$bin$([System.IO.Path]::PathSeparator)$env:PATH"
        try { $printed = & sh $script.FullName -o $out -t 2>&1 } finally { $env:PATH = $oldPath; Remove-Item Env:VMEMMAPPS_ROOT }
    }

    It 'ships the script with the module and emits its text' {
        $script.Name | Should -Be 'vmemmapps-capture.sh'
        Get-SimCaptureScript | Should -Match '^#!/bin/sh'
    }

    It 'writes the folder and the tarball it names' {
        $printed | Should -Be "$out.tar.gz"
        Test-Path "$out.tar.gz" | Should -BeTrue
    }

    It 'collects the files Import-SimMachine reads' {
        foreach ($f in 'uname-r.txt', 'uname-m.txt', 'pagesize.txt', 'proc-cmdline.txt', 'proc-iomem.txt', 'proc-meminfo.txt', 'block_size_bytes.txt',
            'memory-blocks.tsv', 'kernel-config.txt', 'memory_hotplug-memmap_on_memory.txt', 'ndctl-list.json', 'node0-meminfo.txt', 'node0-cpulist.txt') {
            Test-Path (Join-Path $out $f) | Should -BeTrue -Because "$f is part of a capture"
        }
        # the shell lists memoryN directories in its glob order; the rows are what matters
        Get-Content (Join-Path $out 'memory-blocks.tsv') | Sort-Object | Should -Be (Get-Content (Join-Path $src 'memory-blocks.tsv') | Sort-Object)
    }

    It 'notes the tools it did not find and the files it could not read' {
        $info = Get-Content (Join-Path $out 'capture-info.txt')
        $info | Should -Contain 'format: vmemmapps-capture 1'
        if (-not (Get-Command daxctl -ErrorAction SilentlyContinue)) { $info | Should -Contain 'not installed: daxctl' }
        $info | Where-Object { $_ -like 'missing: *node1/meminfo' } | Should -Not -BeNullOrEmpty
    }

    It 'writes nothing outside its output folder and tarball' {
        @(Get-ChildItem $TestDrive -Name) | Sort-Object | Should -Be (@('bin', 'capture', 'capture.tar.gz', 'root') | Sort-Object)
    }

    It 'refuses an output folder that is not empty' {
        & sh $script.FullName -o $root 2>&1 | Out-Null
        $LASTEXITCODE | Should -Be 2
    }

    It 'makes a capture that imports as the machine it describes' {
        $m = Import-SimMachine -Path "$out.tar.gz" -Name (New-TestMachineName) -WarningAction SilentlyContinue
        $m.SystemRamTotalBytes | Should -Be ((Get-IomemRam 'arm64-4k-pmem' | Measure-Object Size -Sum).Sum)
        @(Get-DeviceMemory -Machine $m).Name | Should -Be @('namespace0.0', 'namespace1.0')
    }
}
