#requires -Version 7.4
<#
.SYNOPSIS
    Fuzzes one MnistPS reader with afl-fuzz (AFL++) through SharpFuzz. ./build.ps1 Fuzz -Target NAME -Minutes N runs it.
.DESCRIPTION
    Installs what it needs: Debian's afl++ package (apt-get) when afl-fuzz is missing, and the SharpFuzz.CommandLine tool
    into out/fuzz/tools. Publishes the harness (tests/MnistPS.Fuzz) into out/fuzz/bin, copies it to out/fuzz/instrumented and
    instruments the copies of MnistPS.Core.dll, CsvHelper.dll and Google.Protobuf.dll there (never the module's files in out/MnistPS; instrumented
    code runs only under afl-fuzz, so seeds, replay and minimisation use the plain copy). Writes the target's seed corpus and
    dictionary, runs afl-fuzz for the given minutes, then minimises and replays every crash and prints the figures
    (also saved as out/fuzz/<Target>/summary.json). Findings stay in out/fuzz/<Target>/findings.
#>
[CmdletBinding()]
param(
    [string] $Target,
    [ValidateRange(1, 1440)] [int] $Minutes = 10,
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$Root = Resolve-Path (Join-Path $PSScriptRoot '../..')
$FuzzOut = Join-Path $Root 'out/fuzz'
$Bin = Join-Path $FuzzOut 'bin'
$Harness = Join-Path $Bin 'MnistPS.Fuzz.dll'
$Instrumented = Join-Path $FuzzOut 'instrumented'
$SharpFuzzVersion = '2.3.0'

function Invoke-Checked([string] $Command, [string[]] $Arguments) {
    & $Command @Arguments | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "'$Command $($Arguments -join ' ')' failed with exit code $LASTEXITCODE." }
}

# afl-fuzz from Debian's afl++ package; the SharpFuzz instrumenter as a .NET tool inside out/.
if (-not (Get-Command afl-fuzz -ErrorAction Ignore)) {
    Write-Host 'Installing afl++ (apt-get)' -ForegroundColor Cyan
    Invoke-Checked apt-get @('update', '-qq')
    Invoke-Checked apt-get @('install', '-y', '-qq', 'afl++')
}
$tools = Join-Path $FuzzOut 'tools'
$sharpfuzz = Join-Path $tools 'sharpfuzz'
if (-not (Test-Path $sharpfuzz)) {
    Invoke-Checked dotnet @('tool', 'install', 'SharpFuzz.CommandLine', '--version', $SharpFuzzVersion, '--tool-path', $tools)
}

# A fresh harness each run, so that instrumentation is applied once, to copies.
foreach ($path in $Bin, $Instrumented) { if (Test-Path $path) { Remove-Item $path -Recurse -Force } }
Invoke-Checked dotnet @('publish', (Join-Path $Root 'tests/MnistPS.Fuzz'), '-c', $Configuration, '-o', $Bin, '--nologo', '-v', 'quiet')
$targets = & dotnet $Harness targets | ForEach-Object { ($_ -split ':')[0] }
if ($Target -notin $targets) { throw "No fuzz target '$Target'; the targets are $($targets -join ', ')." }
$Target = $targets | Where-Object { $_ -eq $Target }
Copy-Item $Bin $Instrumented -Recurse
foreach ($assembly in 'MnistPS.Core.dll', 'CsvHelper.dll', 'Google.Protobuf.dll') {
    Invoke-Checked $sharpfuzz @((Join-Path $Instrumented $assembly))
}

$folder = Join-Path $FuzzOut $Target
if (Test-Path $folder) { Remove-Item $folder -Recurse -Force }
$seeds = Join-Path $folder 'seeds'
$dictionary = Join-Path $folder 'tokens.dict'
$findings = Join-Path $folder 'findings'
$work = Join-Path $folder 'work'
Invoke-Checked dotnet @($Harness, 'seeds', $Target, $seeds, $dictionary)

# -m none: the .NET runtime reserves far more address space than it uses. A run longer than 5 s is a hang.
# No CPU binding: the machine's cores are shared.
$env:AFL_SKIP_BIN_CHECK = '1'
$env:AFL_NO_UI = '1'
$env:AFL_NO_AFFINITY = '1'
$env:AFL_SKIP_CPUFREQ = '1'
$env:AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES = '1'
Write-Host "afl-fuzz: $Target for $Minutes minute(s)" -ForegroundColor Cyan
& afl-fuzz -i $seeds -o $findings -m none -t 5000 -V ($Minutes * 60) -x $dictionary -- dotnet (Join-Path $Instrumented 'MnistPS.Fuzz.dll') run $Target $work | Out-Host
if ($LASTEXITCODE -ne 0) { throw "afl-fuzz failed with exit code $LASTEXITCODE." }
Remove-Item $work -Recurse -Force -ErrorAction Ignore

$stats = @{}
foreach ($line in Get-Content (Join-Path $findings 'default/fuzzer_stats')) {
    $name, $value = $line -split '\s*:\s*', 2
    $stats[$name] = $value
}

# Each crash: minimised (the harness removes spans while it fails the same way) and replayed to show its exception.
$crashes = @(Get-ChildItem (Join-Path $findings 'default/crashes') -Filter 'id:*' -ErrorAction Ignore)
$minimized = Join-Path $folder 'minimized'
foreach ($crash in $crashes) {
    New-Item -ItemType Directory -Path $minimized -Force | Out-Null
    $output = Join-Path $minimized (($crash.Name -split ',')[0] -replace ':', '-')
    & dotnet $Harness minimize $Target $crash.FullName $output | Out-Host
    & dotnet $Harness replay $Target $output | Out-Host
}
$hangs = @(Get-ChildItem (Join-Path $findings 'default/hangs') -Filter 'id:*' -ErrorAction Ignore)
foreach ($hang in $hangs) { Write-Warning "Hang (over 5 s): $($hang.FullName)" }

$summary = [ordered]@{
    target = $Target
    minutes = [math]::Round([double]$stats['run_time'] / 60, 1)
    executions = [long]$stats['execs_done']
    executions_per_second = [double]$stats['execs_per_sec']
    corpus = [int]$stats['corpus_count']
    paths_found = [int]$stats['corpus_found']
    edges = [int]$stats['edges_found']
    crashes = $crashes.Count
    hangs = $hangs.Count
}
$summary | ConvertTo-Json | Set-Content (Join-Path $folder 'summary.json')
Write-Host ($summary | ConvertTo-Json -Compress)
