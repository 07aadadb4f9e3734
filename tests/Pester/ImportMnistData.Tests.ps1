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

    It 'makes a broken file a terminating error' {
        $err = { Import-MnistData -Path (Join-Path $Folder 'notmnist.data') } | Should -Throw -PassThru -ErrorId 'InvalidFileFormat,MnistPS.Commands.ImportMnistDataCommand'
        $err.CategoryInfo.Category | Should -Be 'InvalidData'
        $err.Exception.Message | Should -BeLike '*notmnist.data: line 1: the header has 2 columns*'
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
