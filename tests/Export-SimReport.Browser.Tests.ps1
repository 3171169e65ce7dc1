# Opens reports in a real headless Chromium: the charts must render (status element, SVG per chart with a
# non-zero size, marks drawn) with no console message. Without Chromium the tests fail when CI=true and are
# skipped with the reason otherwise. .ci/run installs Debian's chromium package.

BeforeAll {
    . $PSScriptRoot/common.ps1

    function Find-Chromium {
        if ($env:VMEMMAPPS_CHROMIUM) { return $env:VMEMMAPPS_CHROMIUM }
        foreach ($name in 'chromium', 'chromium-headless-shell', 'chromium-browser', 'google-chrome') {
            $command = Get-Command $name -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
            if ($command) { return $command.Source }
        }
    }

    $script:Chromium = Find-Chromium
    $script:NoBrowser = 'Chromium is not installed (apt-get install chromium, or set VMEMMAPPS_CHROMIUM to a Chrome binary)'

    # Skip locally, fail in CI: a browser test that silently does not run would hide a broken report.
    function Assert-Chromium {
        if ($script:Chromium) { return $true }
        if ($env:CI -eq 'true') { throw "$script:NoBrowser; CI=true, so the browser tests fail instead of skipping." }
        Set-ItResult -Skipped -Because $script:NoBrowser
        $false
    }

    # One headless run with a fresh profile; returns the DOM (or nothing with -Screenshot) and Chromium's log.
    function Invoke-Chromium([string]$Page, [string]$Screenshot) {
        $profileDir = Join-Path $TestDrive ('chromium-' + [guid]::NewGuid().ToString('N'))
        $arguments = @(
            '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
            '--disable-component-update', '--disable-sync', "--user-data-dir=$profileDir", '--enable-logging=stderr', '--v=0',
            '--hide-scrollbars', '--window-size=1320,2400', '--virtual-time-budget=20000')
        $arguments += if ($Screenshot) { "--screenshot=$Screenshot" } else { '--dump-dom' }
        $arguments += ([System.Uri]::new($Page)).AbsoluteUri
        $psi = [System.Diagnostics.ProcessStartInfo]::new($script:Chromium)
        foreach ($a in $arguments) { $psi.ArgumentList.Add($a) }
        $psi.RedirectStandardOutput = $true
        $psi.RedirectStandardError = $true
        $psi.UseShellExecute = $false
        $process = [System.Diagnostics.Process]::Start($psi)
        $out = $process.StandardOutput.ReadToEndAsync()
        $err = $process.StandardError.ReadToEndAsync()
        if (-not $process.WaitForExit(180000)) {
            $process.Kill($true)
            throw "Chromium did not finish within 180 s on $Page"
        }
        [pscustomobject]@{ ExitCode = $process.ExitCode; Dom = $out.Result; Log = $err.Result }
    }

    # What a rendered page must show: every chart container holds a Vega SVG of non-zero size with marks in it.
    function Assert-ChartsRendered($Run, [int]$Charts) {
        $Run.ExitCode | Should -Be 0 -Because $Run.Log
        $console = @($Run.Log -split "`n" | Where-Object { $_ -match ':CONSOLE' })
        $console | Should -BeNullOrEmpty -Because 'the page logs nothing to the console when it renders'
        $status = [regex]::Match($Run.Dom, '<p id="report-status" data-status="([a-z]+)"(?: data-charts="(\d+)")?>([^<]*)')
        $status.Success | Should -BeTrue
        $errors = [regex]::Match($Run.Dom, '<pre id="report-errors"[^>]*>([^<]*)</pre>').Groups[1].Value
        $status.Groups[1].Value | Should -Be 'rendered' -Because "the page said: $($status.Groups[3].Value) $errors"
        [int]$status.Groups[2].Value | Should -Be $Charts
        # Chart containers (class "chart ..."), not Vega-Embed's own "chart-wrapper" inside them.
        $containers = [regex]::Matches($Run.Dom, '<div class="chart(?: [^"]*)?" id="(chart-[^"]+)"')
        $containers.Count | Should -Be $Charts
        foreach ($c in $containers) {
            $rest = $Run.Dom.Substring($c.Index + $c.Length)
            $next = [regex]::Match($rest, '<div class="chart(?: [^"]*)?" id="chart-')
            $body = if ($next.Success) { $rest.Substring(0, $next.Index) } else { $rest }
            $svg = [regex]::Match($body, '<svg[^>]*\bwidth="([\d.]+)"[^>]*\bheight="([\d.]+)"')
            $svg.Success | Should -BeTrue -Because "$($c.Groups[1].Value) holds an SVG"
            [double]$svg.Groups[1].Value | Should -BeGreaterThan 100 -Because "$($c.Groups[1].Value) has a width"
            [double]$svg.Groups[2].Value | Should -BeGreaterThan 50 -Because "$($c.Groups[1].Value) has a height"
            ([regex]::Matches($body, 'role-mark')).Count | Should -BeGreaterThan 0 -Because "$($c.Groups[1].Value) draws marks"
        }
    }

    $script:Shots = Join-Path $RepoRoot 'out/TestResults/report-screenshots'
    New-Item -ItemType Directory -Force $script:Shots | Out-Null
}

Describe 'Export-SimReport in headless Chromium' {
    It 'a sweep from the scenario library renders its bar and line charts' {
        if (-not (Assert-Chromium)) { return }
        $path = Join-Path $TestDrive 'sweep.html'
        Invoke-SimScenario -Path (Join-Path $RepoRoot 'scenarios/sweep-ram-cost-table.yaml') | Export-SimReport -Path $path
        Assert-ChartsRendered (Invoke-Chromium $path) -Charts 2
    }

    It 'a sizing matrix renders its bar and line charts' {
        if (-not (Assert-Chromium)) { return }
        $path = Join-Path $TestDrive 'sizing.html'
        Measure-Vmemmap -Size 64GB, 256GB, 1TB -PageSize 4KB, 16KB, 64KB -KernelVersion 5.8, 6.6 -Memmap Device, SystemRam | Export-SimReport -Path $path
        Assert-ChartsRendered (Invoke-Chromium $path) -Charts 2
    }

    It 'two machines render their costs, the growth chart and one memory map each, and a screenshot is taken' {
        if (-not (Assert-Chromium)) { return }
        $a = New-SimMachine -Name (New-TestMachineName) -KernelVersion 6.6
        Add-DeviceMemory -Machine $a -Name pmem0 -Start $DeviceStart -Size 64GB -Altmap
        Add-DeviceMemory -Machine $a -Name pmem1 -Start ($DeviceStart + 64GB) -Size 16GB
        $b = New-SimMachine -Name (New-TestMachineName) -KernelVersion 6.6 -PageSize 64KB
        Add-DeviceMemory -Machine $b -Name pmem0 -Start $DeviceStart -Size 64GB -Altmap
        Remove-Vmemmap -Machine $b -Start $DeviceStart -Size 512MB -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
        $path = Join-Path $TestDrive 'machines.html'
        $a, $b | Export-SimReport -Path $path
        Assert-ChartsRendered (Invoke-Chromium $path) -Charts 4

        $png = Join-Path $script:Shots 'machines.png'
        Remove-Item $png -ErrorAction SilentlyContinue
        $shot = Invoke-Chromium $path -Screenshot $png
        $shot.ExitCode | Should -Be 0 -Because $shot.Log
        $bytes = [System.IO.File]::ReadAllBytes($png)
        $bytes[0..3] | Should -Be @(0x89, 0x50, 0x4E, 0x47) -Because 'it is a PNG'
        $bytes.Length | Should -BeGreaterThan 50KB -Because 'a page of charts is not a blank image'
    }

    It 'a page whose script fails says so (the check above can fail)' {
        if (-not (Assert-Chromium)) { return }
        $path = Join-Path $TestDrive 'broken.html'
        Measure-Vmemmap -Size 64GB, 256GB | Export-SimReport -Path $path
        $html = [System.IO.File]::ReadAllText($path)
        $html = [regex]::Replace($html, '(<script type="application/json" id="report-data">).*?(</script>)', '$1{"costs": [$2', 'Singleline')
        [System.IO.File]::WriteAllText($path, $html)
        $run = Invoke-Chromium $path
        $run.Dom | Should -Match '<p id="report-status" data-status="error"'
        $run.Dom | Should -Match 'Reading the report data'
    }
}
