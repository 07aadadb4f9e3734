#requires -Version 7.4
<#
.SYNOPSIS
    Writes the module's MAML help from the help sources (module/help/<Cmdlet>.psd1) and the built module itself.
.DESCRIPTION
    build.ps1 runs it in a child process after laying the module out, so the build's own process never loads the
    module's assemblies. Syntax, parameter sets, value types, pipeline input, positions and defaults come from the
    built cmdlets (Get-Command, and each cmdlet's initial property values); synopsis, descriptions, examples, inputs
    and outputs come from the help source. A cmdlet without a help source, or a parameter it does not describe, stops
    the build.
#>
[CmdletBinding()]
param(
    # The built module's manifest.
    [Parameter(Mandatory)] [string] $ModulePath,

    # The folder of the help sources, one <Cmdlet>.psd1 each.
    [Parameter(Mandatory)] [string] $SourceFolder,

    # The MAML file to write.
    [Parameter(Mandatory)] [string] $OutFile
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

Import-Module $ModulePath -Force
$common = [System.Management.Automation.PSCmdlet]::CommonParameters
# -WhatIf and -Confirm are described like the cmdlet's own parameters, as Get-Command -Syntax lists them.
$standard = @{
    WhatIf  = 'Shows what would happen if the cmdlet runs: the files it would write. Nothing is written.'
    Confirm = 'Prompts you for confirmation before each file is written.'
}
$settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
$xml = [System.Xml.XmlWriter]::Create($OutFile, $settings)
$maml = 'http://schemas.microsoft.com/maml/2004/10'
$cmd = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
$dev = 'http://schemas.microsoft.com/maml/dev/2004/10'
function Write-Para([string] $Text) {
    $xml.WriteStartElement('maml', 'description', $maml)
    foreach ($para in ($Text.Trim() -split "\r?\n\r?\n")) { $xml.WriteElementString('para', $maml, ($para -replace '\r?\n', ' ')) }
    $xml.WriteEndElement()
}
# The parameters of a set in Get-Command -Syntax's order, each with its value type as that syntax spells it.
function Get-SyntaxParameter($Set) {
    $text = $Set.ToString()
    foreach ($match in [regex]::Matches($text, '-(?<name>\w+)\]?(?: <(?<type>[^>]+)>)?')) {
        $name = $match.Groups['name'].Value
        if ($name -notin $common) { [pscustomobject]@{ Name = $name; Type = $match.Groups['type'].Value } }
    }
}
# The value a parameter has when it is not given: the cmdlet's initial value, which comes from the engine's defaults.
function Get-DefaultValue($Instance, $Parameter) {
    if ($Parameter.SwitchParameter) { return 'False' }
    if (@($Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and $_.Mandatory }).Count) { return 'None' }
    $property = $Instance.GetType().GetProperty($Parameter.Name)
    $value = if ($property) { $property.GetValue($Instance) }
    if ($null -eq $value -or ($value -is [array] -and $value.Count -eq 0)) { return 'None' }
    (@($value) | ForEach-Object { [System.Convert]::ToString($_, [cultureinfo]::InvariantCulture) }) -join ', '
}
function Get-ParameterFacts($Parameter, $SetName) {
    $attribute = $Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] -and ($SetName -eq $null -or $_.ParameterSetName -in $SetName, '__AllParameterSets') } | Select-Object -First 1
    $pipeline = @(if ($attribute.ValueFromPipeline) { 'ByValue' }; if ($attribute.ValueFromPipelineByPropertyName) { 'ByPropertyName' })
    [pscustomobject]@{
        Required = $attribute.Mandatory.ToString().ToLowerInvariant()
        Position = if ($attribute.Position -ge 0) { "$($attribute.Position)" } else { 'named' }
        Pipeline = if ($pipeline) { "true ($($pipeline -join ', '))" } else { 'false' }
        Globbing = [bool]($Parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.SupportsWildcardsAttribute] })
    }
}
function Write-Parameter($Parameter, $Facts, [string] $Type, [string] $Description, [string] $Default, [switch] $Syntax) {
    $xml.WriteStartElement('command', 'parameter', $cmd)
    $xml.WriteAttributeString('required', $Facts.Required)
    $xml.WriteAttributeString('position', $Facts.Position)
    $xml.WriteAttributeString('pipelineInput', $Facts.Pipeline)
    $xml.WriteAttributeString('globbing', $Facts.Globbing.ToString().ToLowerInvariant())
    $xml.WriteAttributeString('variableLength', 'true')
    $xml.WriteElementString('name', $maml, $Parameter.Name)
    if (-not $Syntax) { Write-Para $Description }
    if ($Parameter.SwitchParameter) {
        if (-not $Syntax) { $xml.WriteStartElement('dev', 'type', $dev); $xml.WriteElementString('name', $maml, 'SwitchParameter'); $xml.WriteEndElement() }
    } else {
        $xml.WriteStartElement('command', 'parameterValue', $cmd); $xml.WriteAttributeString('required', 'true'); $xml.WriteString($Type); $xml.WriteEndElement()
        if (-not $Syntax) { $xml.WriteStartElement('dev', 'type', $dev); $xml.WriteElementString('name', $maml, $Type); $xml.WriteEndElement() }
    }
    if (-not $Syntax) {
        if ($Parameter.Aliases.Count) { $xml.WriteElementString('aliases', $cmd, ($Parameter.Aliases -join ', ')) }
        $xml.WriteElementString('defaultValue', $dev, $Default)
    }
    $xml.WriteEndElement()
}

$xml.WriteStartDocument()
$xml.WriteStartElement('helpItems', 'http://msh')
$xml.WriteAttributeString('schema', 'maml')
foreach ($command in Get-Command -Module MnistPS | Sort-Object Name) {
    $source = Join-Path $SourceFolder "$($command.Name).psd1"
    if (-not (Test-Path $source)) { throw "No help source $source for $($command.Name)." }
    $help = Import-PowerShellDataFile $source
    $xml.WriteStartElement('command', 'command', $cmd)
    $xml.WriteAttributeString('xmlns', 'maml', $null, $maml)
    $xml.WriteAttributeString('xmlns', 'dev', $null, $dev)
    $xml.WriteStartElement('command', 'details', $cmd)
    $xml.WriteElementString('name', $cmd, $command.Name)
    $xml.WriteElementString('verb', $cmd, $command.Verb)
    $xml.WriteElementString('noun', $cmd, $command.Noun)
    Write-Para $help.Synopsis
    $xml.WriteEndElement()
    Write-Para $help.Description

    $instance = [System.Activator]::CreateInstance($command.ImplementingType)
    $types = @{}
    $xml.WriteStartElement('command', 'syntax', $cmd)
    foreach ($set in $command.ParameterSets) {
        $xml.WriteStartElement('command', 'syntaxItem', $cmd)
        $xml.WriteElementString('name', $maml, $command.Name)
        foreach ($p in Get-SyntaxParameter $set) {
            $types[$p.Name] = $p.Type
            Write-Parameter $command.Parameters[$p.Name] (Get-ParameterFacts $command.Parameters[$p.Name] $set.Name) $p.Type -Syntax
        }
        $xml.WriteEndElement()
    }
    $xml.WriteEndElement()

    $xml.WriteStartElement('command', 'parameters', $cmd)
    foreach ($p in $command.Parameters.Values | Where-Object Name -notin $common) {
        $description = if ($help.Parameters.ContainsKey($p.Name)) { $help.Parameters[$p.Name] } else { $standard[$p.Name] }
        if (-not $description) { throw "$source does not describe parameter -$($p.Name)." }
        # A default that depends on the input (a chart's size, a random seed) is said in words by the help source's Defaults.
        $default = if ($help.ContainsKey('Defaults') -and $help.Defaults.ContainsKey($p.Name)) { $help.Defaults[$p.Name] } else { Get-DefaultValue $instance $p }
        Write-Parameter $p (Get-ParameterFacts $p $null) $types[$p.Name] $description $default
    }
    $xml.WriteEndElement()

    foreach ($kind in @(@('inputTypes', 'inputType', 'Inputs'), @('returnValues', 'returnValue', 'Outputs'))) {
        $xml.WriteStartElement('command', $kind[0], $cmd)
        foreach ($item in $help[$kind[2]]) {
            $xml.WriteStartElement('command', $kind[1], $cmd)
            $xml.WriteStartElement('dev', 'type', $dev); $xml.WriteElementString('name', $maml, $item.Type); $xml.WriteEndElement()
            Write-Para $item.Description
            $xml.WriteEndElement()
        }
        $xml.WriteEndElement()
    }

    $xml.WriteStartElement('command', 'examples', $cmd)
    $number = 0
    foreach ($example in $help.Examples) {
        $number++
        $xml.WriteStartElement('command', 'example', $cmd)
        $xml.WriteElementString('title', $maml, "-------------------------- Example $number --------------------------")
        $xml.WriteElementString('code', $dev, $example.Code.Trim())
        $xml.WriteStartElement('dev', 'remarks', $dev); $xml.WriteElementString('para', $maml, $example.Remarks); $xml.WriteEndElement()
        $xml.WriteEndElement()
    }
    $xml.WriteEndElement()

    $xml.WriteStartElement('command', 'relatedLinks', $cmd)
    foreach ($link in @('about_MnistPS') + @(Get-Command -Module MnistPS | Where-Object Name -ne $command.Name | ForEach-Object Name | Sort-Object)) {
        $xml.WriteStartElement('maml', 'navigationLink', $maml); $xml.WriteElementString('linkText', $maml, $link); $xml.WriteEndElement()
    }
    $xml.WriteEndElement()
    $xml.WriteEndElement()
}
$xml.WriteEndElement()
$xml.WriteEndDocument()
$xml.Dispose()
