BeforeDiscovery {
    . $PSScriptRoot/common.ps1
    $examples = @(Get-HelpExample Export-SimReport)
}

BeforeAll {
    . $PSScriptRoot/common.ps1

    # The JSON the page's script draws from, as objects.
    function Get-ReportData([string]$Path) {
        $html = [System.IO.File]::ReadAllText($Path)
        $match = [regex]::Match($html, '<script type="application/json" id="report-data">(.*?)</script>', 'Singleline')
        $match.Success | Should -BeTrue -Because 'the report embeds its data'
        $match.Groups[1].Value | ConvertFrom-Json
    }

    function New-ReportPath([string]$Name) { Join-Path $TestDrive "$Name-$([guid]::NewGuid().ToString('N').Substring(0, 6)).html" }

    $script:SweepFile = Join-Path $RepoRoot 'scenarios/sweep-ram-cost-table.yaml'
}

Describe 'Export-SimReport' {
    Context 'contract' {
        It 'has the contract parameters' {
            Get-DeclaredParameter Export-SimReport | Should -Be (@('InputObject', 'Path', 'Title', 'Timestamp', 'Force', 'NoClobber', 'PassThru', 'WhatIf', 'Confirm') | Sort-Object)
        }

        It 'takes its input from the pipeline and declares FileInfo output' {
            (Get-Command Export-SimReport).Parameters['InputObject'].Attributes.ValueFromPipeline | Should -Contain $true
            (Get-Command Export-SimReport).OutputType.Type | Should -Contain ([System.IO.FileInfo])
        }
    }

    Context 'a machine: costs and memory map from the kernel state (64 GiB map=dev and map=mem on 4K, 6.6)' {
        BeforeAll {
            $m = New-SimMachine -Name (New-TestMachineName) -KernelVersion 6.6
            Add-DeviceMemory -Machine $m -Name dev0 -Start $DeviceStart -Size 64GB -Altmap
            Add-DeviceMemory -Machine $m -Name mem0 -Start ($DeviceStart + 64GB) -Size 64GB
            $path = New-ReportPath machine
            $file = $m | Export-SimReport -Path $path -PassThru
            $data = Get-ReportData $path
            $html = [System.IO.File]::ReadAllText($path)
            $memmap = 64GB / 4KB * $StructPageSize   # 1 GiB of struct pages per device
            $geometry = Get-NvdimmGeometry -Start $DeviceStart -Size 64GB -PageSize 4KB -Altmap
        }

        It 'writes one file and emits it with -PassThru' {
            $file | Should -BeOfType ([System.IO.FileInfo])
            $file.FullName | Should -Be $path
        }

        It 'is self-contained: no element loads anything, every script is inline' {
            # The markup without the inlined script bodies (the libraries' own code holds HTML templates).
            $markup = [regex]::Replace($html, '(<script\b[^>]*>).*?</script>', '$1</script>', 'Singleline')
            [regex]::Matches($markup, '<script\b[^>]*>').Count | Should -Be 5 -Because 'data, vega, vega-lite, vega-embed and the page script'
            $markup -match '\b(src|href)\s*=' | Should -BeFalse
            $markup -match '<(link|img|iframe|object|embed)\b' | Should -BeFalse
            $markup -match '@import|url\(' | Should -BeFalse
            $html.Contains('sourceMappingURL') | Should -BeFalse
            $html.Contains('vegaEmbed') | Should -BeTrue
        }

        It 'one cost bar per device: map=dev has its struct pages on the device, map=mem in RAM' {
            $data.costs.Count | Should -Be 2
            $dev = $data.costs | Where-Object item -Like '*dev0'
            $mem = $data.costs | Where-Object item -Like '*mem0'
            $dev.deviceMemmap | Should -Be $memmap
            $dev.ramMemmap | Should -Be 0
            $mem.ramMemmap | Should -Be $memmap
            $mem.deviceMemmap | Should -Be 0
            $dev.series | Should -Be '4K · 6.6 · map=dev'
        }

        It 'the altmap is drawn where nd_pfn_init put it: reserve at the base, then the struct pages, usable data to the end' {
            $dev = $data.regions | Where-Object { $_.region -like 'dev0 *' -and $_.lane -eq 'Capacity' }
            $reserve = $dev | Where-Object kind -EQ 'altmap reserve'
            $reserve.start | Should -Be $DeviceStart
            ($reserve.end - $reserve.start) | Should -Be ($geometry.Reserve * 4KB)
            $used = $dev | Where-Object kind -EQ 'altmap used (struct pages)'
            $used.start | Should -Be $reserve.end
            ($used.end - $used.start) | Should -Be $memmap
            $usable = $dev | Where-Object kind -EQ 'usable data'
            $usable.end | Should -Be ($DeviceStart + 64GB)
            ($usable.end - $usable.start) | Should -Be $geometry.UsableBytes
        }

        It 'the device lanes tile the device: capacity, sections and vmemmap each cover it exactly once' {
            foreach ($lane in 'Capacity', 'Sections', 'Vmemmap') {
                $rects = @($data.regions | Where-Object { $_.region -like 'dev0 *' -and $_.lane -eq $lane } | Sort-Object start)
                $rects[0].start | Should -Be $DeviceStart -Because $lane
                $rects[-1].end | Should -Be ($DeviceStart + 64GB) -Because $lane
                for ($i = 1; $i -lt $rects.Count; $i++) { $rects[$i].start | Should -Be $rects[$i - 1].end -Because "$lane is contiguous" }
            }
        }

        It 'every subsection of a fresh device is populated and its struct pages mapped' {
            ($data.regions | Where-Object { $_.region -like 'dev0 *' -and $_.lane -eq 'Sections' }).kind | Sort-Object -Unique | Should -Be 'subsections with memmap'
            ($data.regions | Where-Object { $_.region -like 'dev0 *' -and $_.lane -eq 'Vmemmap' }).kind | Sort-Object -Unique | Should -Be 'memmap mapped'
        }

        It 'RAM shows one memory block per section (arm64 memory_block_size_bytes is the section size)' {
            $ram = $m.Config.Nodes[0].Ram[0]
            $blocks = @($data.regions | Where-Object { $_.region -like 'Node 0 RAM*' -and $_.lane -eq 'Memory blocks' })
            $blocks.Count | Should -Be ($ram.Size / 128MB)
        }

        It 'the RAM holding the map=mem memmap is drawn as struct pages in RAM' {
            $inRam = $data.regions | Where-Object { $_.lane -eq 'Allocated RAM' -and $_.kind -eq 'struct pages in RAM' -and $_.label -like '*for mem0*' }
            ($inRam | ForEach-Object { $_.end - $_.start } | Measure-Object -Sum).Sum | Should -Be $memmap
        }

        It 'lists no findings for a clean machine and gives the machine as a scenario file' {
            $html | Should -Match 'None: no kernel warning, no invariant finding'
            $html | Should -Match ([regex]::Escape("name: &#39;$($m.Name)&#39;"))
        }
    }

    Context 'what a broken teardown leaves: warnings, findings, unmapped struct pages' {
        BeforeAll {
            $m = New-SimMachine -Name (New-TestMachineName) -KernelVersion 6.6
            Add-DeviceMemory -Machine $m -Name pmem0 -Start $DeviceStart -Size 4GB -Altmap
            # A NULL altmap: the kernel frees device pfns as if they were RAM pages and WARNs.
            Remove-Vmemmap -Machine $m -Start $DeviceStart -Size 128MB -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
            $path = New-ReportPath broken
            $m | Export-SimReport -Path $path
            $data = Get-ReportData $path
            $html = [System.IO.File]::ReadAllText($path)
        }

        It 'the warnings and findings table holds what Get-SimWarning and Test-SimMachine report' {
            foreach ($w in $m.Warnings) { $html | Should -Match ([regex]::Escape([System.Net.WebUtility]::HtmlEncode($w.Function))) }
            foreach ($f in $m.CheckInvariants()) { $html | Should -Match ([regex]::Escape($f.Check)) }
            @($m.Warnings).Count + @($m.CheckInvariants()).Count | Should -BeGreaterThan 0
        }

        It 'the torn-down section is drawn as struct pages not mapped' {
            $gap = $data.regions | Where-Object { $_.region -like 'pmem0 *' -and $_.kind -eq 'memmap not mapped' }
            $gap | Should -Not -BeNullOrEmpty
            $gap[0].start | Should -Be $DeviceStart
            $gap[0].end | Should -Be ($DeviceStart + 128MB)
        }
    }

    Context 'a sizing matrix' {
        BeforeAll {
            $rows = Measure-Vmemmap -Size 64GB, 256GB -PageSize 4KB, 64KB -KernelVersion 5.8, 6.6 -Memmap Device, SystemRam
            $path = New-ReportPath sizing
            $rows | Export-SimReport -Path $path
            $data = Get-ReportData $path
            $html = [System.IO.File]::ReadAllText($path)
        }

        It 'one cost point per row, with the row''s size and its RAM and device costs' {
            $data.costs.Count | Should -Be $rows.Count
            for ($i = 0; $i -lt $rows.Count; $i++) {
                $data.costs[$i].size | Should -Be $rows[$i].Size
                $data.costs[$i].ramUsed | Should -Be $rows[$i].SystemRamUsedBytes
                $data.costs[$i].deviceUsed | Should -Be ($rows[$i].Size - $rows[$i].UsableBytes)
                $data.costs[$i].ramMemmap | Should -Be $rows[$i].VmemmapFromSystemRamBytes
            }
        }

        It 'has the line chart of cost against size and the call that reproduces the rows' {
            $html | Should -Match 'id="chart-growth"'
            $html | Should -Match "Measure-Vmemmap -Size &#39;64G&#39;,&#39;256G&#39; -PageSize &#39;4K&#39;,&#39;64K&#39; -KernelVersion &#39;5.8&#39;,&#39;6.6&#39; -Memmap Device,SystemRam"
        }
    }

    Context 'scenario results' {
        It 'a sweep: one cost point per combination, the size axis on x, and the swept values as inputs' {
            $rows = @(Invoke-SimScenario -Path $SweepFile)
            $path = New-ReportPath sweep
            $rows | Export-SimReport -Path $path
            $data = Get-ReportData $path
            $sweepRows = @($rows | Where-Object { $_.PSObject.Properties['Combination'] -and $_.Combination -gt 0 -and $_.PSObject.Properties['RamUsedBytes'] })
            $data.costs.Count | Should -Be $sweepRows.Count
            $data.costs.Count | Should -Be 18
            ($data.costs.size | Sort-Object -Unique) | Should -Be @(64GB, 256GB, 1TB)
            foreach ($c in $data.costs) { $c.series | Should -Match '^(4K|16K|64K) · (dev|mem)$' }
            $html = [System.IO.File]::ReadAllText($path)
            $html | Should -Match 'PageSize \[4K, 16K, 64K\] x Size \[64G, 256G, 1T\] x Memmap \[dev, mem\]'
            $html | Should -Match '<h3>Sweep sweep-ram-cost-table</h3>'
            $html | Should -Not -Match '<h3>Scenario sweep-ram-cost-table</h3>' -Because "the sweep's summary row adds nothing to its combination rows"
            $html | Should -Not -Match '<th>Scenario</th>' -Because 'the scenario is the table title'
        }

        It 'sweep rows survive Export-Csv and Import-Csv' {
            $csv = Join-Path $TestDrive 'sweep.csv'
            Invoke-SimScenario -Path $SweepFile | Export-Csv -LiteralPath $csv
            $path = New-ReportPath sweep-csv
            Import-Csv -LiteralPath $csv | Export-SimReport -Path $path -ErrorAction Stop
            [System.IO.File]::ReadAllText($path) | Should -Match 'Sweep sweep-ram-cost-table'
        }

        It 'a failed expectation is listed among the findings' {
            $yaml = Join-Path $TestDrive 'failing.yaml'
            Set-Content -LiteralPath $yaml -Value @'
name: failing-expectation
machine: { pageSize: 4K, kernel: "6.6", nodes: [ { id: 0, ram: [ { start: 0x40000000, size: 8G } ] } ] }
devices: [ { name: pmem0, type: FsDax, start: 0x1000000000, size: 64G, memmap: mem } ]
steps:
  - add: pmem0
    expect: { usage.pmem0.vmemmapFromSystemRamBytes: 0 }
'@
            $path = New-ReportPath failing
            Invoke-SimScenario -Path $yaml | Export-SimReport -Path $path
            $html = [System.IO.File]::ReadAllText($path)
            $html | Should -Match '<tr class="fail"><td>failing-expectation</td><td>Expectation</td>'
            $html | Should -Match 'usage.pmem0.vmemmapFromSystemRamBytes: expected 0, actual 1G'
        }
    }

    Context 'determinism and files' {
        It 'the same input gives the same bytes, and there is no time in the file unless -Timestamp is given' {
            $m = New-SimMachine -Name (New-TestMachineName) -KernelVersion 6.6
            Add-DeviceMemory -Machine $m -Name pmem0 -Start $DeviceStart -Size 16GB -Altmap
            $a = New-ReportPath same-a
            $b = New-ReportPath same-b
            $m | Export-SimReport -Path $a
            $m.Clone() | Export-SimReport -Path $b
            (Get-FileHash $a).Hash | Should -Be (Get-FileHash $b).Hash
            [System.IO.File]::ReadAllText($a) | Should -Not -Match 'generated'
            $c = New-ReportPath stamped
            $m | Export-SimReport -Path $c -Timestamp ([datetime]::new(2026, 1, 2, 3, 4, 5, [System.DateTimeKind]::Utc))
            [System.IO.File]::ReadAllText($c) | Should -Match 'generated 2026-01-02 03:04:05 UTC'
        }

        It 'two sizing runs give byte-identical reports' {
            $a = New-ReportPath sizing-a
            $b = New-ReportPath sizing-b
            Measure-Vmemmap -Size 64GB -PageSize 4KB, 16KB | Export-SimReport -Path $a
            Measure-Vmemmap -Size 64GB -PageSize 4KB, 16KB | Export-SimReport -Path $b
            (Get-FileHash $a).Hash | Should -Be (Get-FileHash $b).Hash
        }

        It '-NoClobber keeps an existing file (ReportFileExists)' {
            $path = New-ReportPath keep
            Set-Content -LiteralPath $path -Value 'keep me'
            Measure-Vmemmap -Size 64GB | Export-SimReport -Path $path -NoClobber -ErrorAction SilentlyContinue -ErrorVariable err
            Assert-SimError $err[0] ReportFileExists ResourceExists Export-SimReport
            Get-Content -LiteralPath $path | Should -Be 'keep me'
        }

        It '-WhatIf writes nothing' {
            $path = New-ReportPath whatif
            Measure-Vmemmap -Size 64GB | Export-SimReport -Path $path -WhatIf
            Test-Path $path | Should -BeFalse
        }

        It 'input it cannot draw is an error and is skipped; with nothing usable no file is written' {
            $path = New-ReportPath nothing
            'not a machine', 42 | Export-SimReport -Path $path -ErrorAction SilentlyContinue -ErrorVariable err
            Assert-SimError $err[0] ReportInputUnsupported InvalidArgument Export-SimReport
            $err.Count | Should -Be 3
            Assert-SimError $err[2] ReportInputEmpty InvalidArgument Export-SimReport
            Test-Path $path | Should -BeFalse
        }

        It '-Force creates a missing folder' {
            $path = Join-Path $TestDrive 'new-folder/deeper/report.html'
            Measure-Vmemmap -Size 64GB | Export-SimReport -Path $path -Force
            Test-Path $path | Should -BeTrue
        }
    }

    Context 'help' {
        It 'example "<Title>" runs' -ForEach $examples {
            Invoke-HelpExample $Code
        }
    }
}
