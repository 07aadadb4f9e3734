#requires -Version 7.4
<#
.SYNOPSIS
    Builds, tests and runs MnistPS.
.DESCRIPTION
    Build   compiles the solution and lays the module out in out/MnistPS (assemblies, module files, help, MNIST data).
    Test    builds, runs the xunit engine tests and the Pester cmdlet tests, and ends with one line "N passed, N failed".
    Demo    builds and runs the main job: examples/Start-MnistDemo.ps1 from the built module.
    Bench   builds and prints one JSON line of speed and memory figures (engine and cmdlets).
    Help    builds and regenerates the MAML help from module/help/*.psd1 (part of Build).
    Package builds, then publishes out/MnistPS with PSResourceGet (Publish-PSResource) into the local file repository
            out/repository as MnistPS.<version>.nupkg. The built manifest carries this version's CHANGELOG.md section as
            its release notes.
    Fuzz    fuzzes one reader (-Target Csv, Idx, IdxGz, Model, Image or Onnx) for -Minutes with afl-fuzz and SharpFuzz,
            installing both if needed (tests/MnistPS.Fuzz/Invoke-Fuzz.ps1). Not part of Test.
.PARAMETER Fast
    Test only: leave out the slow end-to-end tests (xunit trait Category=Slow, Pester tag Slow) for a quick inner
    loop. CI runs everything.
.PARAMETER NoBuild
    Package only: publish the module already laid out in out/MnistPS, without building it again (the Pester package
    test uses this after the test run's own build).
.PARAMETER Target
    Fuzz only: the reader to fuzz (the harness lists them).
.PARAMETER Minutes
    Fuzz only: how long afl-fuzz runs.
.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 Test
.EXAMPLE
    dotnet pwsh ./build.ps1 Fuzz -Target Csv -Minutes 10
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Help', 'Package', 'Fuzz', 'Clean')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    [switch] $NoBuild,

    [switch] $Fast,

    [string] $Target,

    [int] $Minutes = 10
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleOut = Join-Path $Out 'MnistPS'
$PesterVersion = '5.7.1'

function Invoke-Native {
    param([Parameter(Mandatory)] [string] $Command, [string[]] $Arguments = @(), [switch] $AllowFailure)
    & $Command @Arguments | Out-Host
    if ($LASTEXITCODE -ne 0 -and -not $AllowFailure) {
        throw "'$Command $($Arguments -join ' ')' failed with exit code $LASTEXITCODE."
    }
}

function Invoke-Build {
    Invoke-Native dotnet @('build', (Join-Path $Root 'MnistPS.sln'), '-c', $Configuration, '--nologo', '-v', 'quiet', '-clp:ErrorsOnly')
    if (Test-Path $ModuleOut) { Remove-Item $ModuleOut -Recurse -Force }
    New-Item -ItemType Directory -Path $ModuleOut, (Join-Path $ModuleOut 'data'), (Join-Path $ModuleOut 'en-US'), (Join-Path $ModuleOut 'examples') -Force | Out-Null

    # The assemblies are what dotnet publish gathers for the module (its own, the engine's and their dependencies).
    $publish = Join-Path $Out 'publish'
    if (Test-Path $publish) { Remove-Item $publish -Recurse -Force }
    Invoke-Native dotnet @('publish', (Join-Path $Root 'src/MnistPS/MnistPS.csproj'), '-c', $Configuration, '--no-build', '--nologo', '-v', 'quiet', '-o', $publish)
    Copy-Item (Join-Path $publish '*') $ModuleOut -Include '*.dll', '*.pdb'
    # SkiaSharp's and HarfBuzzSharp's native libraries for each platform the module supports (the module's resolver picks one at import).
    foreach ($rid in 'linux-x64', 'linux-arm64', 'linux-musl-x64', 'linux-musl-arm64', 'osx', 'win-x64', 'win-arm64') {
        $native = Join-Path $ModuleOut "runtimes/$rid/native"
        New-Item -ItemType Directory -Path $native -Force | Out-Null
        Copy-Item (Join-Path $publish "runtimes/$rid/native/*") $native -Exclude '*.pdb'
    }
    Copy-Item (Join-Path $Root 'module/MnistPS.psd1'), (Join-Path $Root 'module/MnistPS.Format.ps1xml'), (Join-Path $Root 'module/MnistPS.Types.ps1xml') $ModuleOut
    Set-ReleaseNotes (Join-Path $ModuleOut 'MnistPS.psd1')
    Copy-Item (Join-Path $Root 'module/en-US/*') (Join-Path $ModuleOut 'en-US')
    Copy-Item (Join-Path $Root 'module/examples/*') (Join-Path $ModuleOut 'examples') -Recurse
    Copy-Item (Join-Path $Root 'data/*.gz'), (Join-Path $Root 'data/*.csv'), (Join-Path $Root 'data/README.md') (Join-Path $ModuleOut 'data')
    Copy-Item (Join-Path $Root 'LICENSE') $ModuleOut
    Copy-Item (Join-Path $Root 'src/MnistPS.Core/Plots/Fonts/OFL.txt') (Join-Path $ModuleOut 'Inter-OFL.txt')
    Invoke-Help
    Write-Host "Module laid out in $ModuleOut"
}

# The body of CHANGELOG.md's section '## <version> ...', up to the next '## ' heading.
function Get-ChangelogSection([string] $Version) {
    $section = [regex]::Match((Get-Content -Raw (Join-Path $Root 'CHANGELOG.md')), "(?ms)^##[ \t]+$([regex]::Escape($Version))(?![\w.-])[^\n]*\n(?<body>.*?)(?=^##[ \t]|\z)")
    $body = $section.Groups['body'].Value.Trim() -replace '\r\n', "`n"
    if (-not $body) { throw "CHANGELOG.md has no section '## $Version' with notes: write this version's notes before building it." }
    $body
}

# The built manifest's release notes are this version's CHANGELOG.md section; module/MnistPS.psd1 itself stays as written.
function Set-ReleaseNotes([string] $Manifest) {
    $notes = Get-ChangelogSection (Import-PowerShellDataFile $Manifest).ModuleVersion
    if ($notes -match "(?m)^'@") { throw "CHANGELOG.md has a line starting with '@, which would end the release notes' here-string." }
    $text = Get-Content -Raw $Manifest
    $line = "(?m)^(?<indent>[ \t]*)ReleaseNotes[ \t]*=[ \t]*'[^'\n]*'"
    if ([regex]::Matches($text, $line).Count -ne 1) { throw "module/MnistPS.psd1 needs one line ReleaseNotes = '...' for the build to fill in." }
    $text = [regex]::Replace($text, $line, { param($m) "$($m.Groups['indent'].Value)ReleaseNotes = @'`n$notes`n'@" })
    Set-Content -LiteralPath $Manifest -Value $text -NoNewline -Encoding utf8NoBOM
}

# Help is generated in a child process that imports the built module, so this process never loads its assemblies.
function Invoke-Help {
    Invoke-Native dotnet @('pwsh', '-NoProfile', '-File', (Join-Path $Root 'module/help/New-MamlHelp.ps1'),
        '-ModulePath', (Join-Path $ModuleOut 'MnistPS.psd1'), '-SourceFolder', (Join-Path $Root 'module/help'), '-OutFile', (Join-Path $ModuleOut 'en-US/MnistPS.dll-Help.xml'))
}

function Get-PesterModule {
    Invoke-Native dotnet @('restore', (Join-Path $Root 'tests/Pester/Pester.Restore.csproj'), '--nologo', '-v', 'quiet')
    $cache = (& dotnet nuget locals global-packages --list) -replace '^global-packages:\s*', ''
    $manifest = Join-Path $cache.Trim() "pester/$PesterVersion/tools/Pester.psd1"
    if (-not (Test-Path $manifest)) { throw "Pester $PesterVersion was not restored to $manifest." }
    $manifest
}

# One xunit run of the engine tests (optionally filtered, with environment variables set for it); returns its counts.
function Invoke-Xunit([string] $ResultsFolder, [string] $Name, [string] $Filter, [hashtable] $Environment = @{}) {
    $trx = "$Name.trx"
    $arguments = @('test', (Join-Path $Root 'tests/MnistPS.Core.Tests'), '-c', $Configuration, '--no-build', '--nologo',
        '--logger', "trx;LogFileName=$trx", '--logger', 'console;verbosity=minimal', '--results-directory', $ResultsFolder)
    if ($Filter) { $arguments += '--filter', $Filter }
    $saved = @{}
    foreach ($key in $Environment.Keys) { $saved[$key] = [Environment]::GetEnvironmentVariable($key); [Environment]::SetEnvironmentVariable($key, $Environment[$key]) }
    try { Invoke-Native dotnet $arguments -AllowFailure }
    finally { foreach ($key in $saved.Keys) { [Environment]::SetEnvironmentVariable($key, $saved[$key]) } }
    $path = Join-Path $ResultsFolder $trx
    if (-not (Test-Path $path)) {
        Write-Warning "xunit ($Name) produced no results."
        return [pscustomobject]@{ Passed = 0; Failed = 1 }
    }
    $counters = ([xml](Get-Content -Raw $path)).TestRun.ResultSummary.Counters
    [pscustomobject]@{ Passed = [int]$counters.passed; Failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted }
}

function Invoke-Test {
    Invoke-Build
    $results = Join-Path $Out 'TestResults'
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }

    Write-Host "xunit: engine tests$(if ($Fast) { ' (without the slow ones)' })" -ForegroundColor Cyan
    $xunit = Invoke-Xunit $results 'xunit' $(if ($Fast) { 'Category!=Slow' })
    $xunitPassed = $xunit.Passed; $xunitFailed = $xunit.Failed
    # The kernels again on the narrower paths: 256-bit vectors at most, 128-bit only, then no hardware intrinsics at all.
    foreach ($run in @(@{ Name = 'kernels-256'; Variable = 'DOTNET_EnableAVX512' }, @{ Name = 'kernels-128'; Variable = 'DOTNET_EnableAVX2' }, @{ Name = 'kernels-scalar'; Variable = 'DOTNET_EnableHWIntrinsic' })) {
        Write-Host "xunit: kernel tests with $($run.Variable)=0" -ForegroundColor Cyan
        $kernels = Invoke-Xunit $results $run.Name 'Category=Kernels' @{ $run.Variable = '0' }
        $xunitPassed += $kernels.Passed; $xunitFailed += $kernels.Failed
    }

    Write-Host 'Pester: cmdlet tests against out/MnistPS' -ForegroundColor Cyan
    $pester = Get-PesterModule
    $summary = Join-Path $results 'pester.json'
    $script = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$pester'
`$config = New-PesterConfiguration
`$config.Run.Path = '$(Join-Path $Root 'tests/Pester')'
`$config.Run.PassThru = `$true
`$config.Output.Verbosity = 'Normal'
`$config.Filter.ExcludeTag = @($(if ($Fast) { "'Slow'" }))
`$config.TestResult.Enabled = `$true
`$config.TestResult.OutputPath = '$(Join-Path $results 'pester.xml')'
`$r = Invoke-Pester -Configuration `$config
@{ Passed = `$r.PassedCount; Failed = `$r.FailedCount + `$r.FailedBlocksCount + `$r.FailedContainersCount } | ConvertTo-Json | Set-Content '$summary'
"@
    Invoke-Native dotnet @('pwsh', '-NoProfile', '-NonInteractive', '-Command', $script) -AllowFailure
    if (Test-Path $summary) {
        $p = Get-Content -Raw $summary | ConvertFrom-Json
        $pesterPassed = [int]$p.Passed; $pesterFailed = [int]$p.Failed
    } else {
        Write-Warning 'Pester produced no results.'
        $pesterPassed = 0; $pesterFailed = 1
    }

    Write-Host "xunit: $xunitPassed passed, $xunitFailed failed; Pester: $pesterPassed passed, $pesterFailed failed"
    $passed = $xunitPassed + $pesterPassed
    $failed = $xunitFailed + $pesterFailed
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0 -or $passed -eq 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    Invoke-Native dotnet @('pwsh', '-NoProfile', '-File', (Join-Path $ModuleOut 'examples/Start-MnistDemo.ps1'), '-OutputFolder', $Out)
}

function Invoke-Bench {
    Invoke-Build
    $photos = Join-Path $Out 'bench-photos'
    $engine = & dotnet (Join-Path $Root "tests/MnistPS.Benchmarks/bin/$Configuration/net10.0/MnistPS.Benchmarks.dll") --photos $photos
    if ($LASTEXITCODE -ne 0) { throw 'The engine benchmark failed.' }
    # Cmdlet figures: medians of timed runs after one warm-up run.
    $cmdlets = @"
`$ErrorActionPreference = 'Stop'
Import-Module '$(Join-Path $ModuleOut 'MnistPS.psd1')'
function Get-Median([scriptblock] `$Action, [int] `$Runs) {
    & `$Action | Out-Null
    `$times = foreach (`$i in 1..`$Runs) { (Measure-Command { & `$Action | Out-Null }).TotalSeconds }
    (`$times | Sort-Object)[[int][math]::Floor(`$Runs / 2)]
}
`$net = New-MnistNetwork -Seed 1
[ordered]@{
    cmdlets_import_predict_samples_per_second = [math]::Round(10000 / (Get-Median { Import-MnistData -Dataset Test | Get-MnistPrediction -Network `$net } 3))
    cmdlets_import_image_200x200_jpeg_per_second = [math]::Round(1000 / (Get-Median { Import-MnistImage -Path '$photos/photo*.jpg' } 5))
    cmdlets_import_image_3000x2400_jpeg_seconds = [math]::Round((Get-Median { Import-MnistImage -LiteralPath '$photos/large-3000x2400.jpeg' } 9), 4)
} | ConvertTo-Json -Compress
"@
    $figures = & dotnet pwsh -NoProfile -NonInteractive -Command $cmdlets
    if ($LASTEXITCODE -ne 0) { throw 'The cmdlet benchmark failed.' }
    Remove-Item $photos -Recurse -Force
    $result = $engine | ConvertFrom-Json -AsHashtable
    foreach ($entry in ($figures | ConvertFrom-Json -AsHashtable).GetEnumerator()) { $result[$entry.Key] = [double]$entry.Value }
    $ordered = [ordered]@{}
    foreach ($key in $result.Keys | Sort-Object) { $ordered[$key] = $result[$key] }
    $ordered | ConvertTo-Json -Compress
}

# Publishes out/MnistPS with PSResourceGet into the local file repository out/repository as MnistPS.<version>.nupkg.
# PSResourceGet publishes only to a registered repository, and keeps the list of those in the user's
# PSResourceRepository.xml: the folder is registered under a name of its own only while publishing and unregistered
# afterwards, so the user's own repositories are left as they were.
function Invoke-Package {
    if (-not $NoBuild) { Invoke-Build }
    $manifest = Join-Path $ModuleOut 'MnistPS.psd1'
    if (-not (Test-Path $manifest)) { throw "Build first: $manifest is missing (./build.ps1 Build)." }
    $version = [version](Import-PowerShellDataFile $manifest).ModuleVersion
    # NuGet's normalised version, as PSResourceGet names the package: 1.0 -> 1.0.0; a zero fourth part is dropped.
    $normalised = "$($version.Major).$($version.Minor).$([math]::Max($version.Build, 0))" + $(if ($version.Revision -gt 0) { ".$($version.Revision)" })
    $repository = Join-Path $Out 'repository'
    $package = Join-Path $repository "MnistPS.$normalised.nupkg"
    New-Item -ItemType Directory -Path $repository -Force | Out-Null
    if (Test-Path $package) { Remove-Item $package -Force }
    $name = "MnistPS-build-$([guid]::NewGuid().ToString('N'))"
    Register-PSResourceRepository -Name $name -Uri $repository -Trusted
    try {
        Publish-PSResource -Path $ModuleOut -Repository $name
    } finally {
        Unregister-PSResourceRepository -Name $name
    }
    if (-not (Test-Path $package)) { throw "Publish-PSResource did not write $package." }
    Write-Host ('Packaged {0} ({1:N1} MB)' -f $package, ((Get-Item $package).Length / 1MB))
}

foreach ($t in $Task) {
    switch ($t) {
        'Build' { Invoke-Build }
        'Test' { Invoke-Test }
        'Demo' { Invoke-Demo }
        'Bench' { Invoke-Bench }
        'Help' { Invoke-Build }
        'Package' { Invoke-Package }
        'Fuzz' { & (Join-Path $Root 'tests/MnistPS.Fuzz/Invoke-Fuzz.ps1') -Target $Target -Minutes $Minutes -Configuration $Configuration }
        'Clean' { if (Test-Path $Out) { Remove-Item $Out -Recurse -Force } }
    }
}
