# The installable package: ./build.ps1 Package publishes the built module with PSResourceGet into the local file
# repository out/repository; the test registers that folder, saves the package from it into a temporary folder and
# uses the module from there in a fresh pwsh. Offline: PSResourceGet only reads the local folder.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:Layout = Split-Path (Resolve-Path $ModulePath).Path
    $script:Version = (Import-PowerShellDataFile $ModulePath).ModuleVersion

    # The repositories the user has registered (PSResourceRepository.xml), to show they are left as they were.
    function Get-RepositoryList { Get-PSResourceRepository | ForEach-Object { "$($_.Name) $($_.Uri) $($_.Trusted) $($_.Priority)" } | Sort-Object }
    $script:RepositoriesBefore = @(Get-RepositoryList)

    # Relative paths of the files under a folder, with '/' as separator, sorted.
    function Get-RelativeFile([string] $Folder) {
        Get-ChildItem -LiteralPath $Folder -Recurse -File -Force | ForEach-Object { [System.IO.Path]::GetRelativePath($Folder, $_.FullName) -replace '\\', '/' } | Sort-Object
    }

    # This version's section of CHANGELOG.md: the lines after its '## <version>' heading, up to the next '## '.
    $lines = Get-Content (Join-Path $Root 'CHANGELOG.md')
    $heading = @($lines | Select-String -Pattern "^## $([regex]::Escape($Version))(\s|$)")[0].LineNumber
    $next = @($lines | Select-String -Pattern '^## ' | Where-Object LineNumber -gt $heading)
    $end = if ($next) { $next[0].LineNumber - 1 } else { $lines.Count }
    $script:ChangelogNotes = ($lines[$heading..($end - 1)] -join "`n").Trim()

    # The package, published from the module this test run built (the build is not repeated).
    $watch = [System.Diagnostics.Stopwatch]::StartNew()
    $script:BuildOutput = Invoke-FreshPwsh "& '$Root/build.ps1' Package -NoBuild" 2>&1 | Out-String
    $script:BuildExitCode = $LASTEXITCODE
    $script:PublishSeconds = $watch.Elapsed.TotalSeconds
    $script:RepositoriesAfterBuild = @(Get-RepositoryList)
    $script:Package = Join-Path $Root "out/repository/MnistPS.$Version.nupkg"

    # Installed from that folder as a repository of its own, registered only while saving.
    $script:Modules = Join-Path $TestDrive 'modules'
    New-Item -ItemType Directory -Path $Modules | Out-Null
    $repository = "MnistPS-test-$([guid]::NewGuid().ToString('N'))"
    Register-PSResourceRepository -Name $repository -Uri (Join-Path $Root 'out/repository') -Trusted
    try {
        $watch.Restart()
        $script:Saved = Save-PSResource -Name MnistPS -Version $Version -Repository $repository -Path $Modules -TrustRepository -PassThru -WarningVariable saveWarnings
        $script:SaveWarnings = $saveWarnings
        $script:SaveSeconds = $watch.Elapsed.TotalSeconds
    } finally {
        Unregister-PSResourceRepository -Name $repository
    }
    $script:RepositoriesAfterInstall = @(Get-RepositoryList)
    $script:Installed = Join-Path $Modules "MnistPS/$Version"
    Write-Host ('Package: published in {0:N1} s, saved in {1:N1} s' -f $PublishSeconds, $SaveSeconds)
}

Describe 'The package (./build.ps1 Package)' {
    It 'is MnistPS.<version>.nupkg in out/repository, published by Publish-PSResource from the built module' {
        $BuildExitCode | Should -Be 0 -Because $BuildOutput
        $Package | Should -Exist
        $BuildOutput | Should -Match ([regex]::Escape("MnistPS.$Version.nupkg"))
    }

    It 'leaves the user''s registered repositories as they were' {
        $RepositoriesAfterBuild | Should -Be $RepositoriesBefore
        $RepositoriesAfterInstall | Should -Be $RepositoriesBefore
    }

    It 'holds every file of the built module: assemblies, native libraries for each platform, help, data, examples, licences' {
        $zip = [System.IO.Compression.ZipFile]::OpenRead($Package)
        try {
            $entries = $zip.Entries | Where-Object { $_.FullName -notmatch '/$' } | ForEach-Object { [uri]::UnescapeDataString($_.FullName) }
        } finally {
            $zip.Dispose()
        }
        # NuGet's own parts of a package, beside the module's files.
        $packaging = @($entries | Where-Object { $_ -in '[Content_Types].xml', 'MnistPS.nuspec' -or $_ -like '_rels/*' -or $_ -like 'package/*' })
        $packaging.Count | Should -Be 4
        $files = @($entries | Where-Object { $_ -notin $packaging } | Sort-Object)
        $files | Should -Be @(Get-RelativeFile $Layout)
        foreach ($rid in 'linux-x64', 'linux-arm64', 'linux-musl-x64', 'linux-musl-arm64', 'osx', 'win-x64', 'win-arm64') {
            $extension = switch -Wildcard ($rid) { 'win-*' { 'dll' } 'osx' { 'dylib' } default { 'so' } }
            $files | Should -Contain "runtimes/$rid/native/libSkiaSharp.$extension"
            $files | Should -Contain "runtimes/$rid/native/libHarfBuzzSharp.$extension"
        }
        foreach ($file in 'MnistPS.psd1', 'MnistPS.dll', 'MnistPS.Core.dll', 'SkiaSharp.dll', 'MnistPS.Format.ps1xml', 'en-US/MnistPS.dll-Help.xml',
            'en-US/about_MnistPS.help.txt', 'data/train-images-idx3-ubyte.gz', 'data/t10k-labels-idx1-ubyte.gz', 'examples/images/photo-3.jpg', 'LICENSE', 'Inter-OFL.txt') {
            $files | Should -Contain $file
        }
    }

    It 'describes itself in its nuspec from the manifest: id, version, tags, licence, release notes' {
        $zip = [System.IO.Compression.ZipFile]::OpenRead($Package)
        try {
            $reader = [System.IO.StreamReader]::new($zip.GetEntry('MnistPS.nuspec').Open())
            $nuspec = [xml]$reader.ReadToEnd()
            $reader.Dispose()
        } finally {
            $zip.Dispose()
        }
        $metadata = $nuspec.package.metadata
        $metadata.id | Should -Be 'MnistPS'
        $metadata.version | Should -Be $Version
        $metadata.tags -split ' ' | Should -Contain 'MNIST'
        $metadata.tags -split ' ' | Should -Contain 'PSEdition_Core'
        $metadata.licenseUrl | Should -Be 'https://opensource.org/licenses/MIT'
        ($metadata.releaseNotes -replace '\r\n', "`n") | Should -Be $ChangelogNotes
    }
}

Describe 'The package saved from the local repository into a temporary folder' {
    It 'is saved as MnistPS <version> without warnings' {
        $Saved.Name | Should -Be 'MnistPS'
        "$($Saved.Version)" | Should -Be $Version
        $SaveWarnings | Should -BeNullOrEmpty
        Join-Path $Installed 'MnistPS.psd1' | Should -Exist
    }

    It 'has every file of the built module, byte for byte' {
        Get-RelativeFile $Installed | Should -Be @(Get-RelativeFile $Layout)
        foreach ($file in Get-RelativeFile $Layout) {
            (Get-FileHash -LiteralPath (Join-Path $Installed $file)).Hash | Should -Be (Get-FileHash -LiteralPath (Join-Path $Layout $file)).Hash -Because $file
        }
    }

    It 'passes Test-ModuleManifest, with tags, licence and this version''s CHANGELOG.md section as release notes' {
        $manifest = Test-ModuleManifest (Join-Path $Installed 'MnistPS.psd1')
        $manifest.Version | Should -Be $Version
        $manifest.Tags | Should -Contain 'MNIST'
        "$($manifest.LicenseUri)" | Should -Be 'https://opensource.org/licenses/MIT'
        $ChangelogNotes | Should -Not -BeNullOrEmpty
        ($manifest.ReleaseNotes -replace '\r\n', "`n") | Should -Be $ChangelogNotes
        @($manifest.ExportedCmdlets.Keys | Sort-Object) | Should -Be @((Import-PowerShellDataFile $ModulePath).CmdletsToExport | Sort-Object)
    }

    It 'imports by name in a fresh pwsh, loads SkiaSharp''s native library from the package, trains and predicts digits' {
        $script = @"
`$ErrorActionPreference = 'Stop'
`$env:PSModulePath = '$Modules' + [System.IO.Path]::PathSeparator + `$env:PSModulePath
Import-Module MnistPS
`$module = Get-Module MnistPS
`$net = New-MnistNetwork -Seed 1
Invoke-MnistTraining -Network `$net -Data (Import-MnistData -Dataset Train) -Epochs 1 -Seed 1 | Out-Null
`$first = Import-MnistData -Dataset Test | Select-Object -First 1
`$image = Import-MnistImage -Path (Join-Path `$module.ModuleBase 'examples/images/mnist-test-0.png')
[pscustomobject]@{
    ModuleBase = `$module.ModuleBase
    Accuracy   = (Import-MnistData -Dataset Test | Test-MnistNetwork -Network `$net).Accuracy
    Label      = `$first.Label
    Predicted  = (`$first | Get-MnistPrediction -Network `$net).Digit
    SamePixels = [System.Linq.Enumerable]::SequenceEqual([byte[]]@(`$image.Pixels), [byte[]]@(`$first.Pixels))
    Photo      = (Get-MnistPrediction -Network `$net -Path (Join-Path `$module.ModuleBase 'examples/images/photo-3.jpg')).Digit
    Skia       = @([System.Diagnostics.Process]::GetCurrentProcess().Modules | Where-Object ModuleName -like '*SkiaSharp*' | ForEach-Object FileName)
} | ConvertTo-Json -Compress
"@
        $output = Invoke-FreshPwsh $script 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($output | Out-String)
        $result = $output | Select-Object -Last 1 | ConvertFrom-Json
        $result.ModuleBase | Should -Be $Installed
        $result.Accuracy | Should -BeGreaterThan 0.9
        $result.Label | Should -Be 7
        $result.Predicted | Should -Be 7
        $result.SamePixels | Should -BeTrue
        $result.Photo | Should -Be 3
        $result.Skia | Should -Not -BeNullOrEmpty
        # The native library's path as the OS reports it (on macOS the temporary folder's /private/ prefix resolved).
        $separator = [System.IO.Path]::DirectorySeparatorChar
        foreach ($library in $result.Skia) { $library | Should -BeLike "*${separator}modules${separator}MnistPS${separator}$Version${separator}runtimes${separator}*" }
    }
}
