BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
}

Describe 'Import-MnistData' {
    BeforeAll {
        $script:Folder = Join-Path $TestDrive 'csv'
        New-Item -ItemType Directory -Path $Folder | Out-Null
        Set-Content -Path (Join-Path $Folder 'a.csv') -Value @((Get-KaggleHeader), (New-KaggleRow 3 10), (New-KaggleRow 4 20))
        Set-Content -Path (Join-Path $Folder 'b.csv') -Value @((New-KaggleRow 5 30))
        Set-Content -LiteralPath (Join-Path $Folder 'odd[1].csv') -Value @((New-KaggleRow 6 40))
        Set-Content -Path (Join-Path $Folder 'test.txt') -Value @((Get-KaggleHeader -NoLabel), (New-KaggleRow $null 50))
        Set-Content -Path (Join-Path $Folder 'bad.csv') -Value @((Get-KaggleHeader), (New-KaggleRow 1), (New-KaggleRow 12), (New-KaggleRow 2 999), (New-KaggleRow 3))
        Set-Content -Path (Join-Path $Folder 'notmnist.data') -Value @('name,age', 'bob,3')
    }

    It 'streams the shipped test set with -Dataset' {
        $first = Import-MnistData -Dataset Test | Select-Object -First 3
        $first | ForEach-Object { $_ | Should -BeOfType MnistPS.MnistSample }
        $first.Label | Should -Be 7, 2, 1
        $first[0].Pixels.Count | Should -Be 784
        (Import-MnistData -Dataset Test | Measure-Object).Count | Should -Be 10000
    }

    It 'loads the shipped training set' {
        (Import-MnistData -Dataset Train | Measure-Object).Count | Should -Be 60000
    }

    It 'resolves relative paths from the current location' {
        Push-Location $Folder
        try {
            (Import-MnistData -Path ./a.csv).Label | Should -Be 3, 4
        } finally {
            Pop-Location
        }
    }

    It 'expands wildcards' {
        (Import-MnistData -Path (Join-Path $Folder '[ab].csv')).Label | Should -Be 3, 4, 5
    }

    It 'takes -LiteralPath as typed' {
        (Import-MnistData -LiteralPath (Join-Path $Folder 'odd[1].csv')).Label | Should -Be 6
    }

    It 'binds Get-ChildItem output by property name' {
        (Get-ChildItem -Path $Folder -Filter '*.csv' | Where-Object Name -ne 'bad.csv' | Import-MnistData).Label | Sort-Object | Should -Be 3, 4, 5, 6
    }

    It 'binds path strings from the pipeline' {
        ((Join-Path $Folder 'a.csv'), (Join-Path $Folder 'b.csv') | Import-MnistData).Label | Should -Be 3, 4, 5
    }

    It 'reads unlabelled CSV whatever the file name' {
        $sample = Import-MnistData -Path (Join-Path $Folder 'test.txt')
        $sample.Label | Should -Be $null
        $sample.Pixels[0] | Should -Be 50
    }

    It 'reads IDX files with their sibling labels and with -LabelPath' {
        $data = Join-Path (Split-Path $ModulePath) 'data'
        $sibling = Import-MnistData -Path (Join-Path $data 't10k-images-idx3-ubyte.gz') | Select-Object -First 2
        $sibling.Label | Should -Be 7, 2
        $explicit = Import-MnistData -Path (Join-Path $data 't10k-images-idx3-ubyte.gz') -LabelPath (Join-Path $data 't10k-labels-idx1-ubyte.gz') | Select-Object -First 1
        $explicit.Label | Should -Be 7
    }

    It 'writes a non-terminating error per bad row and keeps the good rows flowing' {
        $samples = Import-MnistData -Path (Join-Path $Folder 'bad.csv') -ErrorAction SilentlyContinue -ErrorVariable errors
        $samples.Label | Should -Be 1, 3
        $errors.Count | Should -Be 2
        $errors[0].FullyQualifiedErrorId | Should -Be 'InvalidRecord,MnistPS.Commands.ImportMnistDataCommand'
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $errors[0].Exception.Message | Should -BeLike '*bad.csv: line 3: the label ''12'' is not a digit 0 to 9.'
        $errors[1].Exception.Message | Should -BeLike '*bad.csv: line 4: pixel0 (field 2) is ''999''*'
        $errors[0].TargetObject | Should -BeLike '*bad.csv'
    }

    It 'stops at the first bad row with -ErrorAction Stop' {
        $seen = [System.Collections.Generic.List[object]]::new()
        { Import-MnistData -Path (Join-Path $Folder 'bad.csv') -ErrorAction Stop | ForEach-Object { $seen.Add($_) } } |
            Should -Throw -ErrorId 'InvalidRecord,MnistPS.Commands.ImportMnistDataCommand'
        $seen.Count | Should -Be 1
    }

    It 'makes a broken file a non-terminating error naming it, and -ErrorAction Stop stops on it' {
        $samples = Import-MnistData -Path (Join-Path $Folder 'notmnist.data') -ErrorAction SilentlyContinue -ErrorVariable errors
        $samples | Should -BeNullOrEmpty
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'InvalidFileFormat,MnistPS.Commands.ImportMnistDataCommand'
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $errors[0].Exception.Message | Should -BeLike '*notmnist.data: line 1: the header has 2 columns*'
        $errors[0].TargetObject | Should -BeLike '*notmnist.data'
        { Import-MnistData -Path (Join-Path $Folder 'notmnist.data') -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidFileFormat,MnistPS.Commands.ImportMnistDataCommand'
    }

    It 'reads the files after a broken one, as Get-Content does' {
        Push-Location $Folder
        try {
            $samples = Import-MnistData ./a.csv, ./notmnist.data, ./b.csv -ErrorAction SilentlyContinue -ErrorVariable errors
        } finally {
            Pop-Location
        }
        $samples.Label | Should -Be 3, 4, 5
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'InvalidFileFormat,MnistPS.Commands.ImportMnistDataCommand'
        $errors[0].Exception.Message | Should -BeLike "$(Join-Path $Folder 'notmnist.data'): *"
    }

    It 'stops after the rows of the files before a broken one with -ErrorAction Stop' {
        $seen = [System.Collections.Generic.List[object]]::new()
        { Import-MnistData -Path (Join-Path $Folder 'a.csv'), (Join-Path $Folder 'notmnist.data'), (Join-Path $Folder 'b.csv') -ErrorAction Stop | ForEach-Object { $seen.Add($_) } } |
            Should -Throw -ErrorId 'InvalidFileFormat,MnistPS.Commands.ImportMnistDataCommand'
        $seen.Label | Should -Be 3, 4
    }

    It 'keeps the samples read before a file breaks half-way, then reads the next file' {
        $whole = Join-Path $TestDrive 'whole-images-idx3-ubyte'
        $digits = Import-MnistData -Dataset Test | Select-Object -First 5
        $digits | Export-MnistData -Path $whole -Format Idx -NoLabel
        $cut = Join-Path $TestDrive 'cut-images-idx3-ubyte.gz'
        $file = [System.IO.File]::Create($cut)
        $gzip = [System.IO.Compression.GZipStream]::new($file, [System.IO.Compression.CompressionLevel]::Fastest)
        try { $gzip.Write([System.IO.File]::ReadAllBytes($whole), 0, 16 + 784 * 2 + 100) } finally { $gzip.Dispose(); $file.Dispose() }

        $samples = Import-MnistData -Path $cut, (Join-Path $Folder 'b.csv') -ErrorAction SilentlyContinue -ErrorVariable errors
        $samples.Count | Should -Be 3
        ($samples[0].Pixels -join ',') | Should -Be ($digits[0].Pixels -join ',')
        ($samples[1].Pixels -join ',') | Should -Be ($digits[1].Pixels -join ',')
        $samples[2].Label | Should -Be 5
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'InvalidFileFormat,MnistPS.Commands.ImportMnistDataCommand'
        $errors[0].Exception.Message | Should -BeLike "$($cut): record 3 (index 2): the file is truncated*"
    }

    It 'reports a missing path as PathNotFound and goes on' {
        $samples = Import-MnistData -Path (Join-Path $Folder 'missing.csv'), (Join-Path $Folder 'b.csv') -ErrorAction SilentlyContinue -ErrorVariable errors
        $samples.Label | Should -Be 5
        $errors[0].FullyQualifiedErrorId | Should -Be 'PathNotFound,MnistPS.Commands.ImportMnistDataCommand'
        $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }

    It 'refuses a -Dataset name it does not ship' {
        { Import-MnistData -Dataset Validation } | Should -Throw -ExceptionType ([System.Management.Automation.ParameterBindingException])
    }
}

Describe 'Import-MnistData with another delimiter' {
    BeforeAll {
        $script:Digits = Import-MnistData -Dataset Test | Select-Object -First 12
        $script:Expected = ($Digits | ForEach-Object { "$($_.Label):$($_.Pixels -join ',')" }) -join '|'
        $script:Semicolon = Join-Path $TestDrive 'semicolon.csv'
        $Digits | Export-MnistData -Path $Semicolon -Delimiter ';'
        function Get-Text($Samples) { ($Samples | ForEach-Object { "$($_.Label):$($_.Pixels -join ',')" }) -join '|' }
    }

    It 'imports a file as Excel writes it in de-DE (";", byte-order mark, CRLF) and says so with -Verbose' {
        $excel = Join-Path $TestDrive 'excel.csv'
        [System.IO.File]::WriteAllText($excel, ([System.IO.File]::ReadAllText($Semicolon) -replace "`n", "`r`n"), [System.Text.UTF8Encoding]::new($true))
        [System.IO.File]::ReadAllBytes($excel)[0..2] | Should -Be 0xEF, 0xBB, 0xBF
        $verbose = Import-MnistData -Path $excel -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $verbose.Message | Should -Be "$($excel): the first line separates fields with ';' and has no ',' (as Excel writes CSV in cultures such as de-DE): reading it with -Delimiter ';'."
        Get-Text (Import-MnistData -Path $excel) | Should -Be $Expected
        Get-Text (Import-MnistData -Path $excel -Delimiter ';') | Should -Be $Expected
    }

    It 'imports a ";" file without a header' {
        $headless = Join-Path $TestDrive 'headless.csv'
        Get-Content $Semicolon | Select-Object -Skip 1 | Set-Content $headless
        Get-Text (Import-MnistData -Path $headless) | Should -Be $Expected
    }

    It 'refuses the wrong delimiter, naming the right one' {
        Import-MnistData -Path $Semicolon -Delimiter ',' -ErrorAction SilentlyContinue -ErrorVariable errors | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -Be 'InvalidFileFormat,MnistPS.Commands.ImportMnistDataCommand'
        $errors[0].Exception.Message | Should -Be "$($Semicolon): line 1: the fields are separated by ';', not ',' (as Excel writes CSV in cultures such as de-DE). Read the file with the delimiter ';' (Import-MnistData -Delimiter ';')."
    }

    It 'refuses a delimiter that is part of the data' {
        { Import-MnistData -Path $Semicolon -Delimiter '5' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,MnistPS.Commands.ImportMnistDataCommand' -ExpectedMessage "*'5' cannot separate the fields of an MNIST CSV*"
        { $Digits | Export-MnistData -Path (Join-Path $TestDrive 'never.csv') -Delimiter 'x' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,MnistPS.Commands.ExportMnistDataCommand'
    }

    It 'round-trips through Export-MnistData -Delimiter' {
        (Get-Content $Semicolon -TotalCount 1) | Should -BeLike 'label;pixel0;pixel1;*;pixel783'
        $tab = Join-Path $TestDrive 'tab.tsv'
        $Digits | Export-MnistData -Path $tab -Delimiter "`t" -NoLabel
        (Import-MnistData -Path $tab -Delimiter "`t" | ForEach-Object { $_.Pixels -join ',' }) -join '|' | Should -Be (($Digits | ForEach-Object { $_.Pixels -join ',' }) -join '|')
    }
}

Describe 'Export-MnistData' {
    It 'writes Kaggle-style CSV that reads back identically' {
        $path = Join-Path $TestDrive 'round.csv'
        $original = Import-MnistData -Dataset Test | Select-Object -First 20
        $original | Export-MnistData -Path $path
        (Get-Content $path -TotalCount 1) | Should -BeLike 'label,pixel0,pixel1,*,pixel783'
        $back = Import-MnistData -Path $path
        $back.Label | Should -Be $original.Label
        ($back[19].Pixels -join ',') | Should -Be ($original[19].Pixels -join ',')
    }

    It 'writes unlabelled CSV with -NoLabel' {
        $path = Join-Path $TestDrive 'unlabelled.csv'
        Import-MnistData -Dataset Test | Select-Object -First 2 | Export-MnistData -Path $path -NoLabel
        $samples = Import-MnistData -Path $path
        $samples.Count | Should -Be 2
        $samples | Where-Object { $null -ne $_.Label } | Should -BeNullOrEmpty
    }

    It 'writes IDX images and labels' {
        $path = Join-Path $TestDrive 'few-images-idx3-ubyte.gz'
        $files = Import-MnistData -Dataset Test | Select-Object -First 7 | Export-MnistData -Path $path -Format Idx -PassThru
        $files.Name | Should -Be 'few-images-idx3-ubyte.gz', 'few-labels-idx1-ubyte.gz'
        (Import-MnistData -Path $path).Label | Should -Be 7, 2, 1, 0, 4, 1, 4
    }

    It 'leaves no file behind when a sample cannot be written' {
        $folder = Join-Path $TestDrive 'failed-export'
        New-Item -ItemType Directory -Path $folder | Out-Null
        $path = Join-Path $folder 'mixed.csv'
        $samples = @(Import-MnistData -Dataset Test | Select-Object -First 3) + [MnistPS.MnistSample]::new([byte[]]::new(784), $null, $null, 99)
        $err = { $samples | Export-MnistData -Path $path } | Should -Throw -PassThru -ErrorId 'InvalidArgument,MnistPS.Commands.ExportMnistDataCommand'
        $err.Exception.Message | Should -BeLike '*Sample 99 has no label*'
        Get-ChildItem -Force $folder | Should -BeNullOrEmpty
    }

    It 'streams a large export without holding the samples' {
        $path = Join-Path $TestDrive 'all-test.csv'
        Import-MnistData -Dataset Test | Export-MnistData -Path $path
        (Get-Content $path | Measure-Object -Line).Lines | Should -Be 10001
    }

    It 'needs -Force to overwrite and writes nothing with -WhatIf' {
        $path = Join-Path $TestDrive 'exists.csv'
        Set-Content $path 'keep'
        { Import-MnistData -Dataset Test | Select-Object -First 1 | Export-MnistData -Path $path } | Should -Throw -ErrorId 'FileExists,MnistPS.Commands.ExportMnistDataCommand'
        Import-MnistData -Dataset Test | Select-Object -First 1 | Export-MnistData -Path $path -Force -WhatIf
        Get-Content $path | Should -Be 'keep'
    }
}
