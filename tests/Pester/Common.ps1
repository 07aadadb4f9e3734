# Dot-sourced by every Pester file: imports the built module (never the source tree) strictly.
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$script:ModulePath = Join-Path $PSScriptRoot '../../out/MnistPS/MnistPS.psd1'
if (-not (Test-Path $script:ModulePath)) { throw "Build first: $script:ModulePath is missing (./build.ps1 Build)." }
Import-Module $script:ModulePath -Force

function New-KaggleRow([object] $Label, [int] $Pixel = 0) {
    $pixels = @(0) * 784
    $pixels[0] = $Pixel
    $pixels[783] = $Pixel
    (@(if ($null -ne $Label) { $Label }) + $pixels) -join ','
}

function Get-KaggleHeader([switch] $NoLabel) {
    (@(if (-not $NoLabel) { 'label' }) + (0..783 | ForEach-Object { "pixel$_" })) -join ','
}

# Runs a command in a new PowerShell process of the same version (pwsh itself, or pwsh.dll through dotnet for the tool).
function Invoke-FreshPwsh([string] $Command) {
    $host_ = [Environment]::ProcessPath
    [string[]] $prefix = if ([System.IO.Path]::GetFileNameWithoutExtension($host_) -eq 'dotnet') { @(Join-Path $PSHOME 'pwsh.dll') } else { @() }
    & $host_ @prefix -NoProfile -NonInteractive -Command $Command
}
