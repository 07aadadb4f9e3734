# Files that cannot be read at all: a file that vanishes, a device error, a folder given as a file. Each is a
# non-terminating error for that file with its own id (ReadFailed, category ReadError) naming it, in every reading
# cmdlet, and the other files are still read.
BeforeDiscovery {
    $script:DeviceCases = @(
        @{ Case = 'Import-MnistData -LiteralPath'; Run = { param($Bad, $Net, $Images) Import-MnistData -LiteralPath $Bad -ErrorAction Continue } }
        @{ Case = 'Import-MnistData -LabelPath'; Run = { param($Bad, $Net, $Images) Import-MnistData -Path $Images -LabelPath $Bad -ErrorAction Continue } }
        @{ Case = 'Import-MnistNetwork -LiteralPath'; Run = { param($Bad, $Net, $Images) Import-MnistNetwork -LiteralPath $Bad -ErrorAction Continue } }
        @{ Case = 'Import-MnistImage -LiteralPath'; Run = { param($Bad, $Net, $Images) Import-MnistImage -LiteralPath $Bad -ErrorAction Continue } }
        @{ Case = 'Get-MnistPrediction -LiteralPath'; Run = { param($Bad, $Net, $Images) Get-MnistPrediction -Network $Net -LiteralPath $Bad -ErrorAction Continue } }
    )
    $script:FolderCases = @(
        @{ Case = 'Import-MnistData -Path'; Run = { param($Folder, $Net, $Good) Import-MnistData -Path $Folder, $Good.Csv -ErrorAction Continue } }
        @{ Case = 'Import-MnistData -LiteralPath'; Run = { param($Folder, $Net, $Good) Import-MnistData -LiteralPath $Folder, $Good.Csv -ErrorAction Continue } }
        @{ Case = 'Import-MnistData -LabelPath'; Run = { param($Folder, $Net, $Good) Import-MnistData -Path $Good.Csv -LabelPath $Folder -ErrorAction Continue } }
        @{ Case = 'Import-MnistNetwork -Path'; Run = { param($Folder, $Net, $Good) Import-MnistNetwork -Path $Folder, $Good.Model -ErrorAction Continue } }
        @{ Case = 'Import-MnistNetwork -LiteralPath'; Run = { param($Folder, $Net, $Good) Import-MnistNetwork -LiteralPath $Folder, $Good.Model -ErrorAction Continue } }
        @{ Case = 'Import-MnistImage -Path'; Run = { param($Folder, $Net, $Good) Import-MnistImage -Path $Folder, $Good.Image -ErrorAction Continue } }
        @{ Case = 'Get-MnistPrediction -Path'; Run = { param($Folder, $Net, $Good) Get-MnistPrediction -Network $Net -Path $Folder, $Good.Image -ErrorAction Continue } }
        @{ Case = 'Get-MnistPrediction -LiteralPath'; Run = { param($Folder, $Net, $Good) Get-MnistPrediction -Network $Net -LiteralPath $Folder, $Good.Image -ErrorAction Continue } }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Net = New-MnistNetwork -Seed 1
    $script:Images = Join-Path (Split-Path $ModulePath) 'data/t10k-images-idx3-ubyte.gz'
    # Reading /proc/self/mem at offset 0 (never mapped) fails with EIO: a real device error from a real path.
    $script:DeviceErrorFile = '/proc/self/mem'

    # Runs a command, returning its output and its errors apart (the errors are non-terminating: -ErrorAction Continue).
    function Invoke-Split([scriptblock] $Run, [object[]] $Arguments) {
        $all = & $Run @Arguments 2>&1
        [pscustomobject]@{
            Output = @($all | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] })
            Errors = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
        }
    }
}

Describe 'A file that vanishes between resolving and reading' {
    BeforeEach {
        $script:Folder = Join-Path $TestDrive ([guid]::NewGuid())
        New-Item -ItemType Directory -Path $Folder | Out-Null
    }

    It 'is ReadFailed for Import-MnistData, and the files around it are read' {
        $header = Get-KaggleHeader
        Set-Content -Path (Join-Path $Folder 'g1.csv') -Value $header, (New-KaggleRow 1), (New-KaggleRow 2)
        Set-Content -Path (Join-Path $Folder 'g2.csv') -Value $header, (New-KaggleRow 3)
        Set-Content -Path (Join-Path $Folder 'g3.csv') -Value $header, (New-KaggleRow 4)
        $gone = Join-Path $Folder 'g2.csv'
        $samples = Import-MnistData -Path (Join-Path $Folder 'g*.csv') -ErrorAction SilentlyContinue -ErrorVariable errors |
            ForEach-Object { if ($_.Label -eq 1) { Remove-Item -LiteralPath $gone }; $_ }
        $samples.Label | Should -Be 1, 2, 4
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'ReadFailed,MnistPS.Commands.ImportMnistDataCommand'
        $errors[0].CategoryInfo.Category | Should -Be 'ReadError'
        $errors[0].Exception.Message | Should -Be "$($gone): the file does not exist. Check the path."
        $errors[0].TargetObject | Should -Be $gone
    }

    It 'is ReadFailed for Import-MnistNetwork, and the files around it are read' {
        foreach ($seed in 1..3) { New-MnistNetwork -Seed $seed | Export-MnistNetwork -Path (Join-Path $Folder "m$seed.json") }
        $gone = Join-Path $Folder 'm2.json'
        $networks = Import-MnistNetwork -Path (Join-Path $Folder 'm*.json') -ErrorAction SilentlyContinue -ErrorVariable errors |
            ForEach-Object { if (Test-Path -LiteralPath $gone) { Remove-Item -LiteralPath $gone }; $_ }
        $networks.Count | Should -Be 2
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'ReadFailed,MnistPS.Commands.ImportMnistNetworkCommand'
        $errors[0].CategoryInfo.Category | Should -Be 'ReadError'
        $errors[0].Exception.Message | Should -Be "$($gone): the file does not exist. Check the path."
    }
}

Describe 'A device error while reading, in <Case>' -ForEach $DeviceCases -Skip:(-not $IsLinux) {
    It 'is ReadFailed naming the file' {
        $result = Invoke-Split $Run @($DeviceErrorFile, $Net, $Images)
        $result.Output | Should -BeNullOrEmpty
        $result.Errors.Count | Should -Be 1
        $result.Errors[0].FullyQualifiedErrorId | Should -Be "ReadFailed,MnistPS.Commands.$(($Case -split ' ')[0] -replace '-', '')Command"
        $result.Errors[0].CategoryInfo.Category | Should -Be 'ReadError'
        $result.Errors[0].Exception.Message | Should -BeLike "$($DeviceErrorFile): the file cannot be read (*"
    }
}

Describe 'A folder given as a file to <Case>' -ForEach $FolderCases {
    BeforeAll {
        $script:Given = Join-Path $TestDrive 'a folder'
        New-Item -ItemType Directory -Path $Given -Force | Out-Null
        $script:Good = @{
            Csv   = Join-Path $TestDrive 'good.csv'
            Model = Join-Path $TestDrive 'good.json'
            Image = Join-Path (Split-Path $ModulePath) 'examples/images/canvas-2.png'
        }
        Set-Content -Path $Good.Csv -Value (Get-KaggleHeader), (New-KaggleRow 7)
        $Net | Export-MnistNetwork -Path $Good.Model -Force
    }

    It 'says it is a folder, naming it, and reads the other files' {
        $result = Invoke-Split $Run @($Given, $Net, $Good)
        $result.Errors.Count | Should -Be 1
        $result.Errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidArgument,*'
        $result.Errors[0].Exception.Message | Should -Be "$($Given): this is a folder, not a file. Name the files in it (for example $(Join-Path $Given '*'))."
        if ($Case -ne 'Import-MnistData -LabelPath') { $result.Output.Count | Should -Be 1 }
    }
}
