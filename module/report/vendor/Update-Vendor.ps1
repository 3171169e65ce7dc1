<#
.SYNOPSIS
Refreshes the vendored chart libraries from npm (maintainers only; building and testing never need npm).

.DESCRIPTION
Downloads the packages with 'npm pack' into a temporary folder, copies their minified UMD builds and LICENSE files
here, and rewrites versions.json. The files are copied unchanged; Export-SimReport drops the sourceMappingURL
comment when it inlines them. Review the diff, run the browser test (tests/Export-SimReport.Tests.ps1) and commit.

.EXAMPLE
./Update-Vendor.ps1 -Vega 6.4.0 -VegaLite 6.5.0 -VegaEmbed 7.3.0
#>
[CmdletBinding()]
param(
    [string]$Vega = '6.4.0',
    [string]$VegaLite = '6.5.0',
    [string]$VegaEmbed = '7.3.0'
)

$ErrorActionPreference = 'Stop'
$here = $PSScriptRoot
$work = Join-Path ([System.IO.Path]::GetTempPath()) ("vmemmapps-vendor-" + [guid]::NewGuid().ToString('N'))
New-Item -ItemType Directory $work | Out-Null
try {
    $packages = [ordered]@{
        'vega'       = @{ Version = $Vega; Build = 'build/vega.min.js' }
        'vega-lite'  = @{ Version = $VegaLite; Build = 'build/vega-lite.min.js' }
        'vega-embed' = @{ Version = $VegaEmbed; Build = 'build/vega-embed.min.js' }
    }
    foreach ($name in $packages.Keys) {
        $p = $packages[$name]
        Push-Location $work
        try { $tgz = (& npm pack "$name@$($p.Version)" --silent) | Select-Object -Last 1 }
        finally { Pop-Location }
        if ($LASTEXITCODE -ne 0) { throw "npm pack $name@$($p.Version) failed" }
        $unpacked = Join-Path $work $name
        New-Item -ItemType Directory $unpacked | Out-Null
        tar -xzf (Join-Path $work $tgz) -C $unpacked
        Copy-Item (Join-Path $unpacked "package/$($p.Build)") $here
        Copy-Item (Join-Path $unpacked 'package/LICENSE') (Join-Path $here "LICENSE-$name.txt")
    }
    $versions = '{' + (($packages.Keys | ForEach-Object { '"{0}": "{1}"' -f $_, $packages[$_].Version }) -join ', ') + '}'
    [System.IO.File]::WriteAllText((Join-Path $here 'versions.json'), $versions + "`n")
    Get-FileHash (Join-Path $here '*.min.js') -Algorithm SHA256 | Select-Object Hash, @{ n = 'File'; e = { Split-Path -Leaf $_.Path } }
}
finally {
    Remove-Item -Recurse -Force $work
}
