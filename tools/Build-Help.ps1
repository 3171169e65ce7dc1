<#
.SYNOPSIS
Builds MAML help (VmemmapPS.dll-Help.xml) from one markdown page per cmdlet. platyPS is not available here.

.DESCRIPTION
Run it in a fresh pwsh process (build.ps1 does): it imports the laid-out module to read every cmdlet's
parameter sets, types, positions and pipeline binding from Get-Command, so the syntax in Get-Help can never
drift from the code. The markdown supplies only the prose.

Markdown format (a subset of platyPS; one file per cmdlet, named <Cmdlet>.md, in -SourcePath):

    # Add-DeviceMemory

    ## SYNOPSIS
    One sentence.

    ## DESCRIPTION
    Paragraphs separated by blank lines.

    ## EXAMPLES

    ### Example 1: Short title
    ```powershell
    $m = New-SimMachine
    Add-DeviceMemory -Machine $m -Name pmem0 -Start 0x880000000 -Size 64GB -Altmap -PassThru
    ```

    What the example shows (paragraphs, optional).

    ## PARAMETERS

    ### -Size
    Description of the parameter. A fenced ```yaml block under a parameter (platyPS metadata) is ignored:
    type, position, pipeline input and sets come from the cmdlet itself.

    ## INPUTS

    ### VmemmapPS.Core.SimMachine
    What can be piped in.

    ## OUTPUTS

    ### VmemmapPS.Core.DeviceMemory
    What comes out.

    ## NOTES
    Paragraphs.

    ## RELATED LINKS
    - about_VmemmapPS
    - Remove-DeviceMemory

Rules: every example is a self-contained script (it creates its own machine), because the Pester suite runs
each one; a code block holds only code, no prompt ("PS>") and no output. Every parameter of the cmdlet must
have a "### -Name" section (common parameters excepted); a missing one fails the build.

.EXAMPLE
dotnet pwsh -NoProfile -File tools/Build-Help.ps1 -SourcePath module/help/en-US -OutputPath out/VmemmapPS/en-US
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string]$SourcePath,
    [Parameter(Mandatory)] [string]$OutputPath,
    # The laid-out module whose cmdlets are documented; defaults to the parent of -OutputPath.
    [string]$ModulePath = (Split-Path -Parent $OutputPath)
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

# WhatIf and Confirm are documented on each page (as platyPS does); the other common parameters are not.
$commonParameters = [System.Management.Automation.PSCmdlet]::CommonParameters + 'UseTransaction'

# Splits a page into its "## " sections, and a section into its "### " subsections.
function Split-Heading {
    param([string[]]$Lines, [string]$Marker)
    $sections = [ordered]@{}
    $current = $null
    $inFence = $false
    foreach ($line in $Lines) {
        if ($line -match '^```') { $inFence = -not $inFence }
        if (-not $inFence -and $line -match "^$Marker (.+?)\s*$") {
            $current = $Matches[1]
            $sections[$current] = [System.Collections.Generic.List[string]]::new()
        }
        elseif ($null -ne $current) {
            $sections[$current].Add($line)
        }
    }
    $sections
}

# Prose lines -> paragraphs (blank-line separated); fenced code is dropped (it belongs to examples only).
function Get-Paragraph {
    param([string[]]$Lines)
    $paragraphs = [System.Collections.Generic.List[string]]::new()
    $buffer = [System.Collections.Generic.List[string]]::new()
    $inFence = $false
    foreach ($line in @($Lines) + '') {
        if ($line -match '^```') { $inFence = -not $inFence; continue }
        if ($inFence) { continue }
        if ($line.Trim() -eq '') {
            if ($buffer.Count) { $paragraphs.Add(($buffer -join ' ')); $buffer.Clear() }
        }
        else { $buffer.Add($line.Trim()) }
    }
    , $paragraphs.ToArray()
}

function Get-FencedCode {
    param([string[]]$Lines)
    $code = [System.Collections.Generic.List[string]]::new()
    $inFence = $false
    foreach ($line in $Lines) {
        if ($line -match '^```') { if ($inFence) { break }; $inFence = $true; continue }
        if ($inFence) { $code.Add($line) }
    }
    $code -join "`n"
}

function Read-HelpPage {
    param([string]$Path)
    $lines = Get-Content -LiteralPath $Path
    $title = ($lines | Where-Object { $_ -match '^# ' } | Select-Object -First 1) -replace '^# ', ''
    $sections = Split-Heading $lines '##'
    $get = { param($name) if ($sections.Contains($name)) { [string[]]$sections[$name] } else { [string[]]@() } }
    $sub = { param($name) Split-Heading (& $get $name) '###' }

    $examples = foreach ($entry in (& $sub 'EXAMPLES').GetEnumerator()) {
        # Prose after the example's code block is its remarks.
        $state = 'before'
        $remarks = foreach ($line in $entry.Value) {
            if ($line -match '^```') { $state = @{ before = 'code'; code = 'after'; after = 'after' }[$state]; continue }
            if ($state -eq 'after') { $line }
        }
        [pscustomobject]@{ Title = $entry.Key; Code = Get-FencedCode $entry.Value; Remarks = Get-Paragraph $remarks }
    }
    $parameters = @{}
    foreach ($entry in (& $sub 'PARAMETERS').GetEnumerator()) { $parameters[$entry.Key.TrimStart('-')] = Get-Paragraph $entry.Value }
    $typed = { param($name) foreach ($entry in (& $sub $name).GetEnumerator()) { [pscustomobject]@{ Type = $entry.Key; Description = Get-Paragraph $entry.Value } } }

    [pscustomobject]@{
        Name        = $title.Trim()
        Synopsis    = (Get-Paragraph (& $get 'SYNOPSIS')) -join ' '
        Description = Get-Paragraph (& $get 'DESCRIPTION')
        Examples    = @($examples)
        Parameters  = $parameters
        Inputs      = @(& $typed 'INPUTS')
        Outputs     = @(& $typed 'OUTPUTS')
        Notes       = Get-Paragraph (& $get 'NOTES')
        Links       = @((& $get 'RELATED LINKS') | Where-Object { $_ -match '^\s*[-*]\s+(.+)$' } | ForEach-Object { $Matches[1].Trim() })
    }
}

$mamlNs = 'http://schemas.microsoft.com/maml/2004/10'
$commandNs = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$devNs = 'http://schemas.microsoft.com/maml/dev/2004/10'

function Write-Paragraphs {
    param([System.Xml.XmlWriter]$Writer, [string[]]$Paragraphs)
    $Writer.WriteStartElement('maml', 'description', $mamlNs)
    foreach ($p in @($Paragraphs)) { $Writer.WriteElementString('maml', 'para', $mamlNs, $p) }
    $Writer.WriteEndElement()
}

function Get-PipelineInputText {
    param([System.Management.Automation.ParameterMetadata]$Metadata, [string]$SetName)
    $attrs = @($Metadata.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and ($null -eq $SetName -or $_.ParameterSetName -in $SetName, '__AllParameterSets') })
    $kinds = @()
    if ($attrs | Where-Object ValueFromPipeline) { $kinds += 'ByValue' }
    if ($attrs | Where-Object ValueFromPipelineByPropertyName) { $kinds += 'ByPropertyName' }
    if ($kinds) { "True ($($kinds -join ', '))" } else { 'False' }
}

function Write-Parameter {
    param([System.Xml.XmlWriter]$Writer, $Command, [string]$Name, [string[]]$Description, [string]$SetName)
    $metadata = $Command.Parameters[$Name]
    $setParameter = if ($SetName) { $Command.ParameterSets.Where({ $_.Name -eq $SetName })[0].Parameters.Where({ $_.Name -eq $Name })[0] } else { $null }
    $required = if ($setParameter) { $setParameter.IsMandatory } else { [bool]($metadata.ParameterSets.Values.IsMandatory -contains $true) }
    $positioned = if ($setParameter) { @($setParameter) } else { @($Command.ParameterSets.Parameters | Where-Object Name -EQ $Name) }
    $positioned = @($positioned | Where-Object Position -GE 0)
    $position = if ($positioned) { [string]$positioned[0].Position } else { 'named' }
    $isSwitch = $metadata.SwitchParameter
    $typeName = $metadata.ParameterType.Name
    $wildcards = [bool]($metadata.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })

    $Writer.WriteStartElement('command', 'parameter', $commandNs)
    $Writer.WriteAttributeString('required', $required.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', $metadata.ParameterType.IsArray.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('globbing', $wildcards.ToString().ToLowerInvariant())
    $Writer.WriteAttributeString('pipelineInput', (Get-PipelineInputText $metadata $SetName))
    $Writer.WriteAttributeString('position', $position)
    $Writer.WriteAttributeString('aliases', $(if ($metadata.Aliases.Count) { $metadata.Aliases -join ', ' } else { 'none' }))
    $Writer.WriteElementString('maml', 'name', $mamlNs, $Name)
    Write-Paragraphs $Writer $Description
    if (-not $isSwitch) {
        $Writer.WriteStartElement('command', 'parameterValue', $commandNs)
        $Writer.WriteAttributeString('required', 'true')
        $Writer.WriteAttributeString('variableLength', $metadata.ParameterType.IsArray.ToString().ToLowerInvariant())
        $Writer.WriteString($typeName)
        $Writer.WriteEndElement()
    }
    $Writer.WriteStartElement('dev', 'type', $devNs)
    $Writer.WriteElementString('maml', 'name', $mamlNs, $metadata.ParameterType.FullName)
    $Writer.WriteEndElement()
    $Writer.WriteElementString('dev', 'defaultValue', $devNs, (Get-DefaultValueText $Command $Name $required))
    $Writer.WriteEndElement()
}

# The default a parameter really has: the cmdlet's property value on a fresh instance, so the help cannot drift
# from the code. Sizes are shown as sizes (8 GiB), absent values as None.
$script:freshCmdlets = @{}
function Get-DefaultValueText {
    param($Command, [string]$Name, [bool]$Required)
    if ($Required) { return 'None' }
    $type = $Command.ImplementingType
    if (-not $script:freshCmdlets.ContainsKey($type)) { $script:freshCmdlets[$type] = [Activator]::CreateInstance($type) }
    $property = $type.GetProperty($Name)
    if (-not $property) { return 'None' }
    $value = $property.GetValue($script:freshCmdlets[$type])
    if ($value -is [System.Management.Automation.SwitchParameter]) { return $value.IsPresent.ToString() }
    if ($null -eq $value -or ($value -is [string] -and $value -eq '') -or ($value -is [array] -and $value.Count -eq 0)) { return 'None' }
    $isSize = [bool]($Command.Parameters[$Name].Attributes | Where-Object { $_.GetType().Name -eq 'ByteSizeTransformationAttribute' })
    if ($isSize -and $value -is [uint64]) { return [VmemmapPS.Core.Units.ByteSize]::Format($value) }
    [string]$value
}

function Write-TypedList {
    param([System.Xml.XmlWriter]$Writer, [string]$Outer, [string]$Inner, $Items)
    $Writer.WriteStartElement('command', $Outer, $commandNs)
    foreach ($item in $Items) {
        $Writer.WriteStartElement('command', $Inner, $commandNs)
        $Writer.WriteStartElement('dev', 'type', $devNs)
        $Writer.WriteElementString('maml', 'name', $mamlNs, $item.Type)
        $Writer.WriteEndElement()
        Write-Paragraphs $Writer $item.Description
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
}

function Write-CommandHelp {
    param([System.Xml.XmlWriter]$Writer, $Page, $Command)
    $documented = @($Command.Parameters.Keys | Where-Object { $_ -notin $commonParameters })
    $missing = @($documented | Where-Object { -not $Page.Parameters.ContainsKey($_) })
    if ($missing) { throw "$($Page.Name).md does not document parameter(s): $($missing -join ', ')" }
    $unknown = @($Page.Parameters.Keys | Where-Object { $_ -notin $documented })
    if ($unknown) { throw "$($Page.Name).md documents parameter(s) the cmdlet does not have: $($unknown -join ', ')" }
    if (-not $Page.Examples) { throw "$($Page.Name).md has no example" }

    $Writer.WriteStartElement('command', 'command', $commandNs)
    $Writer.WriteAttributeString('xmlns', 'maml', $null, $mamlNs)
    $Writer.WriteAttributeString('xmlns', 'dev', $null, $devNs)
    $Writer.WriteStartElement('command', 'details', $commandNs)
    $Writer.WriteElementString('command', 'name', $commandNs, $Command.Name)
    $Writer.WriteElementString('command', 'verb', $commandNs, $Command.Verb)
    $Writer.WriteElementString('command', 'noun', $commandNs, $Command.Noun)
    Write-Paragraphs $Writer @($Page.Synopsis)
    $Writer.WriteEndElement()
    Write-Paragraphs $Writer $Page.Description

    $Writer.WriteStartElement('command', 'syntax', $commandNs)
    foreach ($set in $Command.ParameterSets) {
        $Writer.WriteStartElement('command', 'syntaxItem', $commandNs)
        $Writer.WriteElementString('maml', 'name', $mamlNs, $Command.Name)
        $ordered = $set.Parameters | Where-Object Name -NotIn $commonParameters |
            Sort-Object @{ Expression = { if ($_.Position -ge 0) { $_.Position } else { [int]::MaxValue } } }, @{ Expression = { -not $_.IsMandatory } }
        foreach ($p in $ordered) { Write-Parameter $Writer $Command $p.Name $Page.Parameters[$p.Name] $set.Name }
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    # Positional parameters first, in position order (the base class's -Machine would otherwise come last).
    $firstPosition = {
        param($name)
        $positions = @($Command.ParameterSets.Parameters | Where-Object { $_.Name -eq $name -and $_.Position -ge 0 } | ForEach-Object Position)
        if ($positions.Count) { ($positions | Measure-Object -Minimum).Minimum } else { [int]::MaxValue }
    }
    $documented = $documented | Sort-Object -Stable { & $firstPosition $_ }
    $Writer.WriteStartElement('command', 'parameters', $commandNs)
    foreach ($name in $documented) { Write-Parameter $Writer $Command $name $Page.Parameters[$name] $null }
    $Writer.WriteEndElement()

    Write-TypedList $Writer 'inputTypes' 'inputType' $Page.Inputs
    Write-TypedList $Writer 'returnValues' 'returnValue' $Page.Outputs

    $Writer.WriteStartElement('maml', 'alertSet', $mamlNs)
    $Writer.WriteStartElement('maml', 'alert', $mamlNs)
    foreach ($p in @($Page.Notes)) { $Writer.WriteElementString('maml', 'para', $mamlNs, $p) }
    $Writer.WriteEndElement()
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'examples', $commandNs)
    foreach ($example in $Page.Examples) {
        $Writer.WriteStartElement('command', 'example', $commandNs)
        $Writer.WriteElementString('maml', 'title', $mamlNs, "-------------------------- $($example.Title) --------------------------")
        $Writer.WriteElementString('dev', 'code', $devNs, $example.Code)
        $Writer.WriteStartElement('dev', 'remarks', $devNs)
        foreach ($p in @($example.Remarks)) { $Writer.WriteElementString('maml', 'para', $mamlNs, $p) }
        $Writer.WriteEndElement()
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()

    $Writer.WriteStartElement('command', 'relatedLinks', $commandNs)
    foreach ($link in $Page.Links) {
        $Writer.WriteStartElement('maml', 'navigationLink', $mamlNs)
        $Writer.WriteElementString('maml', 'linkText', $mamlNs, $link)
        $Writer.WriteElementString('maml', 'uri', $mamlNs, '')
        $Writer.WriteEndElement()
    }
    $Writer.WriteEndElement()
    $Writer.WriteEndElement()
}

$module = Import-Module (Resolve-Path -LiteralPath $ModulePath).Path -PassThru -ErrorAction Stop
$pages = Get-ChildItem -LiteralPath $SourcePath -Filter '*.md' | Sort-Object Name | ForEach-Object { Read-HelpPage $_.FullName }
$undocumented = @($module.ExportedCmdlets.Keys | Where-Object { $_ -notin $pages.Name } | Sort-Object)
if ($undocumented) { Write-Warning "No help page for: $($undocumented -join ', ')" }

New-Item -ItemType Directory -Force $OutputPath | Out-Null
$target = Join-Path $OutputPath "$(Split-Path -Leaf $module.RootModule)-Help.xml"
$settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
$writer = [System.Xml.XmlWriter]::Create($target, $settings)
try {
    $writer.WriteStartDocument()
    $writer.WriteStartElement('helpItems', 'http://msh')
    $writer.WriteAttributeString('schema', 'maml')
    foreach ($page in $pages) {
        $command = Get-Command -Module $module.Name -Name $page.Name -CommandType Cmdlet -ErrorAction SilentlyContinue
        if (-not $command) { throw "$($page.Name).md documents a cmdlet the module does not export" }
        Write-CommandHelp $writer $page $command
    }
    $writer.WriteEndElement()
    $writer.WriteEndDocument()
}
finally { $writer.Dispose() }
Write-Host "Help for $($pages.Count) cmdlet(s) written to $target"
