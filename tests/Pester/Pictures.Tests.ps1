BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Add-Type -Path (Join-Path (Split-Path $ModulePath) 'SkiaSharp.dll')
    $script:Digits = Import-MnistData -Dataset Test | Select-Object -First 30
    $script:Net = New-MnistNetwork -Seed 1
    $script:Epochs = Import-MnistData -Dataset Train | Select-Object -First 20000 | Invoke-MnistTraining -Network $Net -Epochs 3 -ValidationFraction 0.1 -Seed 1
    function Get-Picture([string] $Path) { [SkiaSharp.SKBitmap]::Decode($Path) }
}

Describe 'Export-MnistImage' {
    It 'writes one digit as a 28x28 PNG with exactly its pixels, and imports back unchanged' {
        $file = $Digits[0] | Export-MnistImage -Path (Join-Path $TestDrive 'one.png') -PassThru
        $file | Should -BeOfType System.IO.FileInfo
        $file.Length | Should -BeGreaterThan 0
        $picture = Get-Picture $file.FullName
        $picture.Width, $picture.Height | Should -Be 28, 28
        $picture.GetPixel(14, 7).Red | Should -Be $Digits[0].Pixels[7 * 28 + 14]
        Compare-Object $Digits[0].Pixels (Import-MnistImage -LiteralPath $file.FullName).Pixels -SyncWindow 0 | Should -BeNullOrEmpty
    }

    It 'enlarges with -Scale' {
        $file = $Digits[1] | Export-MnistImage -Path (Join-Path $TestDrive 'big.png') -Scale 4 -PassThru
        (Get-Picture $file.FullName).Width | Should -Be 112
    }

    It 'writes several digits as one sheet, and predictions as a sheet of mistakes' {
        $sheet = $Digits | Export-MnistImage -Path (Join-Path $TestDrive 'sheet.png') -Columns 6 -PassThru
        (Get-Picture $sheet.FullName).Width | Should -BeGreaterThan (6 * 56)
        $mistakes = $Digits | Get-MnistPrediction -Network $Net | Where-Object { -not $_.Correct }
        $file = $mistakes | Export-MnistImage -Path (Join-Path $TestDrive 'mistakes.png') -PassThru
        $file.Name | Should -Be 'mistakes.png'
    }

    It 'writes one file per digit with -Directory, numbered in order' {
        $files = $Digits | Select-Object -First 3 | Export-MnistImage -Directory (Join-Path $TestDrive 'each') -PassThru
        $files.Name | Should -Be '00001-7.png', '00002-2.png', '00003-1.png'
        $predicted = $Digits | Select-Object -First 2 | Get-MnistPrediction -Network $Net | Export-MnistImage -Directory (Join-Path $TestDrive 'predicted') -PassThru
        $predicted[0].Name | Should -Match '^00001-\d(-true7)?\.png$'
    }

    It 'keeps existing files without -Force, and writes nothing with -WhatIf (existing file or not)' {
        $path = Join-Path $TestDrive 'exists.png'
        $Digits[0] | Export-MnistImage -Path $path
        { $Digits[1] | Export-MnistImage -Path $path } | Should -Throw -ErrorId 'FileExists,MnistPS.Commands.ExportMnistImageCommand'
        $Digits[1] | Export-MnistImage -Path $path -Force
        $Digits | Export-MnistImage -Path (Join-Path $TestDrive 'whatif.png') -WhatIf
        Join-Path $TestDrive 'whatif.png' | Should -Not -Exist
        { $Digits | Export-MnistImage -Path $path -WhatIf } | Should -Not -Throw
    }

    It 'passes through files whose names hold wildcard characters' {
        $file = $Digits[0] | Export-MnistImage -Path (Join-Path $TestDrive 'my sheet [v2].png') -PassThru
        $file.Name | Should -Be 'my sheet [v2].png'
        ($Net | Export-MnistPlot -Path (Join-Path $TestDrive 'weights [1].png') -PassThru).Name | Should -Be 'weights [1].png'
    }

    It 'refuses other extensions, a missing folder and objects that are not digits' {
        { $Digits[0] | Export-MnistImage -Path (Join-Path $TestDrive 'digit.jpg') } | Should -Throw -ExpectedMessage '*writes PNG files. Name the file `*.png*'
        { $Digits[0] | Export-MnistImage -Path (Join-Path $TestDrive 'missing/digit.png') } | Should -Throw -ExpectedMessage "*The folder '$(Join-Path $TestDrive 'missing')' does not exist*"
        'text' | Export-MnistImage -Path (Join-Path $TestDrive 'text.png') -ErrorVariable bad -ErrorAction SilentlyContinue
        $bad[0].FullyQualifiedErrorId | Should -Be 'InvalidArgument,MnistPS.Commands.ExportMnistImageCommand'
    }
}

Describe 'Export-MnistPlot' {
    It 'draws training curves at the requested size' {
        $file = $Epochs | Export-MnistPlot -Path (Join-Path $TestDrive 'training.png') -Width 800 -Height 300 -PassThru
        $picture = Get-Picture $file.FullName
        $picture.Width, $picture.Height | Should -Be 800, 300
    }

    It 'draws an evaluation as PNG and SVG' {
        $evaluation = $Digits | Test-MnistNetwork -Network $Net
        $png = $evaluation | Export-MnistPlot -Path (Join-Path $TestDrive 'confusion.png') -PassThru
        (Get-Picture $png.FullName).Width | Should -Be 1200
        $svg = $evaluation | Export-MnistPlot -Path (Join-Path $TestDrive 'confusion.svg') -Title 'Thirty digits' -PassThru
        ([xml](Get-Content -Raw $svg.FullName)).DocumentElement.LocalName | Should -Be 'svg'
    }

    It 'draws a network''s weights, square by default' {
        $file = $Net | Export-MnistPlot -Path (Join-Path $TestDrive 'weights.png') -Units 8 -PassThru
        $picture = Get-Picture $file.FullName
        $picture.Width, $picture.Height | Should -Be 900, 900
    }

    It 'refuses other extensions, mixed input and objects it cannot draw' {
        { $Net | Export-MnistPlot -Path (Join-Path $TestDrive 'weights.jpg') } | Should -Throw -ExpectedMessage '*Name the file `*.png or `*.svg*'
        { @($Net, $Net) | Export-MnistPlot -Path (Join-Path $TestDrive 'two.png') } | Should -Throw -ExpectedMessage '*draws one chart*'
        { 'text' | Export-MnistPlot -Path (Join-Path $TestDrive 'text.png') } | Should -Throw -ErrorId 'InvalidArgument,MnistPS.Commands.ExportMnistPlotCommand'
        $saved = Join-Path $TestDrive 'epochs.xml'
        $Epochs | Export-Clixml $saved
        { Import-Clixml $saved | Export-MnistPlot -Path (Join-Path $TestDrive 'saved.png') } | Should -Throw -ExpectedMessage '*Deserialized.MnistPS.EpochResult (a copy from Import-Clixml*'
        { $Net | Export-MnistPlot -Path (Join-Path $TestDrive 'missing/weights.png') } | Should -Throw -ExpectedMessage '*does not exist*'
    }
}
