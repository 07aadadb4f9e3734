BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    Add-Type -Path (Join-Path (Split-Path $ModulePath) 'SkiaSharp.dll')
    $script:Images = Join-Path (Split-Path $ModulePath) 'examples/images'
    $script:Fixtures = Join-Path $PSScriptRoot 'images'
    $script:Digits = Import-MnistData -Dataset Test | Select-Object -First 10

    # Writes a sample as an image file: 28x28 greyscale, or enlarged and inverted (dark ink on white), in any format Skia encodes.
    function Save-Digit([MnistPS.MnistSample] $Sample, [string] $Path, [string] $Format = 'Png', [int] $Scale = 1, [switch] $OnPaper) {
        [byte[]] $pixels = if ($OnPaper) { foreach ($p in $Sample.Pixels) { 255 - $p } } else { $Sample.Pixels }
        $gray = [SkiaSharp.SKImageInfo]::new(28, 28, [SkiaSharp.SKColorType]::Gray8, [SkiaSharp.SKAlphaType]::Opaque)
        $bitmap = [SkiaSharp.SKBitmap]::new($gray)
        [System.Runtime.InteropServices.Marshal]::Copy($pixels, 0, $bitmap.GetPixels(), 784)
        if ($Scale -gt 1) {
            $bitmap = $bitmap.Resize([SkiaSharp.SKImageInfo]::new(28 * $Scale, 28 * $Scale, [SkiaSharp.SKColorType]::Gray8, [SkiaSharp.SKAlphaType]::Opaque),
                [SkiaSharp.SKSamplingOptions]::new([SkiaSharp.SKFilterMode]::Linear))
        }
        $data = [SkiaSharp.SKImage]::FromBitmap($bitmap).Encode([SkiaSharp.SKEncodedImageFormat]::$Format, 90)
        [System.IO.File]::WriteAllBytes($Path, $data.ToArray())
        Get-Item -LiteralPath $Path
    }

    # A PNG whose header claims Width x Height pixels (IHDR's CRC recomputed, so only the size lies).
    function Save-LyingPng([string] $Path, [int] $Width, [int] $Height) {
        $bytes = [System.IO.File]::ReadAllBytes((Join-Path $Images 'mnist-test-0.png'))
        function Set-BigEndian([int] $Offset, [uint32] $Value) { foreach ($k in 0..3) { $bytes[$Offset + $k] = ($Value -shr (8 * (3 - $k))) -band 255 } }
        Set-BigEndian 16 $Width
        Set-BigEndian 20 $Height
        [uint32] $crc = [uint32]::MaxValue
        foreach ($b in $bytes[12..28]) {
            $crc = $crc -bxor $b
            foreach ($k in 1..8) { $crc = if ($crc -band 1) { [uint32]3988292384 -bxor ($crc -shr 1) } else { $crc -shr 1 } }
        }
        Set-BigEndian 29 ($crc -bxor [uint32]::MaxValue)
        [System.IO.File]::WriteAllBytes($Path, $bytes)
    }

    $script:Net = New-MnistNetwork -Seed 1
    Import-MnistData -Dataset Train | Invoke-MnistTraining -Network $Net -Epochs 5 -Seed 1 | Out-Null
}

Describe 'Import-MnistImage' {
    It 'imports 28x28 MNIST PNGs pixel for pixel, carrying their file' {
        foreach ($i in 0..9) {
            $file = Save-Digit $Digits[$i] (Join-Path $TestDrive "digit$i.png")
            $sample = Import-MnistImage -Path $file.FullName
            $sample | Should -BeOfType MnistPS.MnistSample
            $sample.Source | Should -Be $file.FullName
            $sample.Label | Should -BeNullOrEmpty
            Compare-Object $Digits[$i].Pixels $sample.Pixels -SyncWindow 0 | Should -BeNullOrEmpty
        }
    }

    It 'reads BMP pixel for pixel, and GIF (its first frame) within its palette''s rounding' {
        $bmp = Import-MnistImage -LiteralPath (Join-Path $Fixtures 'mnist-test-0.bmp')
        Compare-Object $Digits[0].Pixels $bmp.Pixels -SyncWindow 0 | Should -BeNullOrEmpty
        foreach ($name in 'mnist-test-0.gif', 'two-frames.gif') {
            # ImageMagick wrote the GIFs with a 128-grey palette: each level moved by at most 4 (measured).
            $gif = Import-MnistImage -LiteralPath (Join-Path $Fixtures $name)
            $worst = (0..783 | ForEach-Object { [Math]::Abs([int]$Digits[0].Pixels[$_] - $gif.Pixels[$_]) } | Measure-Object -Maximum).Maximum
            $worst | Should -BeLessOrEqual 4 -Because $name
        }
    }

    It 'reads dark ink on white as PNG, JPEG and WebP, predicted as well as the raw digits' {
        $raw = @($Digits | Get-MnistPrediction -Network $Net | Where-Object Correct).Count
        foreach ($format in 'Png', 'Jpeg', 'Webp') {
            $files = foreach ($i in 0..9) { Save-Digit $Digits[$i] (Join-Path $TestDrive "paper$i.$format") -Format $format -Scale 6 -OnPaper }
            $samples = foreach ($i in 0..9) { Import-MnistImage -LiteralPath $files[$i].FullName -Label $Digits[$i].Label }
            @($samples | Get-MnistPrediction -Network $Net | Where-Object Correct).Count | Should -BeGreaterOrEqual ($raw - 1) -Because "$format images"
        }
    }

    It 'takes files from Get-ChildItem, wildcards, and literal paths with brackets' {
        $folder = New-Item -ItemType Directory (Join-Path $TestDrive 'mixed')
        Save-Digit $Digits[1] (Join-Path $folder 'a.png') | Out-Null
        Save-Digit $Digits[2] (Join-Path $folder 'b.png') | Out-Null
        Save-Digit $Digits[3] (Join-Path $folder 'c[1].png') | Out-Null
        (Get-ChildItem $folder | Import-MnistImage).Count | Should -Be 3
        (Import-MnistImage -Path (Join-Path $folder '?.png')).Count | Should -Be 2
        (Import-MnistImage -LiteralPath (Join-Path $folder 'c[1].png')).Source | Should -BeLike '*c`[1`].png'
        Push-Location $folder
        try { (Import-MnistImage a.png).Source | Should -Be (Join-Path $folder 'a.png') } finally { Pop-Location }
    }

    It 'labels samples with -Label, so Test-MnistNetwork scores them' {
        $files = foreach ($i in 0..9) { Save-Digit $Digits[$i] (Join-Path $TestDrive "label$i.png") -Scale 5 -OnPaper }
        $samples = foreach ($i in 0..9) { Import-MnistImage -LiteralPath $files[$i].FullName -Label $Digits[$i].Label }
        $samples.Label | Should -Be $Digits.Label
        (Test-MnistNetwork -Network $Net -Data $samples).Count | Should -Be 10
        { Import-MnistImage -LiteralPath $files[0].FullName -Label 10 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,MnistPS.Commands.ImportMnistImageCommand'
    }

    It 'inverts with -Invert Always and keeps the image as it is with -NoPreprocess' {
        $file = Save-Digit $Digits[0] (Join-Path $TestDrive 'invert.png')
        $inverted = Import-MnistImage -LiteralPath $file.FullName -Invert Always
        $inverted.Pixels[0] | Should -Be 255
        $inverted.Pixels[202] | Should -Be (255 - $Digits[0].Pixels[202])
        $big = Save-Digit $Digits[0] (Join-Path $TestDrive 'big.png') -Scale 3 -OnPaper
        $asIs = Import-MnistImage -LiteralPath $big.FullName -NoPreprocess
        $asIs.Pixels[0] | Should -Be 255 -Because 'without preprocessing the white paper stays white'
        (Import-MnistImage -LiteralPath $big.FullName -NoPreprocess -Invert Always).Pixels[0] | Should -Be 0
    }

    It 'predicts the shipped photo, canvas drawing and MNIST PNG in one command each' {
        (Get-MnistPrediction -Network $Net -Path (Join-Path $Images 'photo-3.jpg')).Digit | Should -Be 3
        (Get-MnistPrediction -Network $Net -Path (Join-Path $Images 'canvas-2.png')).Digit | Should -Be 2
        (Get-MnistPrediction -Network $Net -LiteralPath (Join-Path $Images 'mnist-test-0.png')).Digit | Should -Be 7
    }

    It 'numbers the files it reads, and predicts each file as soon as it is read' {
        (Get-ChildItem $Images | Import-MnistImage).Index | Should -Be 0, 1, 2
        (Get-MnistPrediction -Network $Net -Path (Join-Path $Images '*')).Index | Should -Be 0, 1, 2
        $folder = New-Item -ItemType Directory (Join-Path $TestDrive 'many')
        foreach ($i in 0..299) { Copy-Item (Join-Path $Images 'canvas-2.png') (Join-Path $folder "c$i.png") }
        $first = Measure-Command { Get-MnistPrediction -Network $Net -Path (Join-Path $folder '*.png') | Select-Object -First 1 }
        $all = Measure-Command { Get-MnistPrediction -Network $Net -Path (Join-Path $folder '*.png') | Out-Null }
        # Streaming, not a timing limit: the first prediction arrives before the 300 files are all read.
        $first.TotalSeconds | Should -BeLessThan $all.TotalSeconds
    }

    It 'names the file in predictions, from -Path and from Get-ChildItem' {
        $predictions = Get-ChildItem $Images | Get-MnistPrediction -Network $Net
        $predictions.Count | Should -Be 3
        $predictions.Source | Split-Path -Leaf | Should -Be 'canvas-2.png', 'mnist-test-0.png', 'photo-3.jpg'
        ($predictions | Format-Table | Out-String -Width 80) | Should -Match 'photo-3\.jpg'
        (Get-MnistPrediction -Network $Net -Path (Join-Path $Images '*.png')).Count | Should -Be 2
        (Join-Path $Images 'photo-3.jpg'), (Join-Path $Images 'canvas-2.png') | Get-MnistPrediction -Network $Net | ForEach-Object Digit | Should -Be 3, 2
        $Digits | Get-MnistPrediction -Network $Net | ForEach-Object { Split-Path -Leaf $_.Source } | Should -Be (@('t10k-images-idx3-ubyte.gz') * 10)
    }
}

Describe 'Images among the other cmdlets' {
    It 'exports image samples as CSV that import back with the same pixels' {
        $samples = Get-ChildItem $Images | Import-MnistImage
        $csv = Join-Path $TestDrive 'images.csv'
        $samples | Export-MnistData -Path $csv -NoLabel
        $back = Import-MnistData -Path $csv
        $back.Count | Should -Be 3
        foreach ($i in 0..2) { Compare-Object $samples[$i].Pixels $back[$i].Pixels -SyncWindow 0 | Should -BeNullOrEmpty }
    }

    It 'points Import-MnistData to Import-MnistImage when given an image' {
        { Import-MnistData -LiteralPath (Join-Path $Images 'canvas-2.png') -ErrorAction Stop } |
            Should -Throw -ExpectedMessage '*this is an image, not a data file. Read image files with Import-MnistImage*' -ErrorId 'InvalidFileFormat,MnistPS.Commands.ImportMnistDataCommand'
    }
}

Describe 'Import-MnistImage with bad files' {
    BeforeAll {
        $script:Bad = Join-Path $TestDrive 'bad'
        New-Item -ItemType Directory $Bad | Out-Null
        $good = Join-Path $Images 'canvas-2.png'
        Copy-Item $good (Join-Path $Bad '1-good.png')
        Set-Content (Join-Path $Bad '2-text.png') 'not an image'
        Copy-Item $good (Join-Path $Bad '3-good.png')
        $photo = [System.IO.File]::ReadAllBytes((Join-Path $Images 'photo-3.jpg'))
        [System.IO.File]::WriteAllBytes((Join-Path $TestDrive 'empty.png'), [byte[]]@())
        [System.IO.File]::WriteAllBytes((Join-Path $TestDrive 'truncated.jpg'), $photo[0..($photo.Length / 2)])
        Save-LyingPng (Join-Path $TestDrive 'huge.png') 200000 200000
        [System.IO.File]::WriteAllBytes((Join-Path $TestDrive 'blank.png'), [SkiaSharp.SKImage]::FromBitmap([SkiaSharp.SKBitmap]::new(64, 64)).Encode().ToArray())
        [System.IO.File]::WriteAllBytes((Join-Path $TestDrive 'scan.tif'), [byte[]](0x49, 0x49, 0x2A, 0, 8, 0, 0, 0))
    }

    It 'writes a non-terminating error for a bad file and goes on with the next' {
        $samples = Import-MnistImage -Path (Join-Path $Bad '*.png') -ErrorVariable errors -ErrorAction SilentlyContinue
        $samples.Count | Should -Be 2
        $samples.Source | Split-Path -Leaf | Should -Be '1-good.png', '3-good.png'
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'InvalidImage,MnistPS.Commands.ImportMnistImageCommand'
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $errors[0].TargetObject | Should -Be (Join-Path $Bad '2-text.png')
        $errors[0].Exception.Message | Should -BeLike "$(Join-Path $Bad '2-text.png'): the file is not an image. MnistPS reads PNG, JPEG*"
    }

    It 'stops at the bad file with -ErrorAction Stop' {
        $seen = [System.Collections.Generic.List[object]]::new()
        { Import-MnistImage -Path (Join-Path $Bad '*.png') -ErrorAction Stop | ForEach-Object { $seen.Add($_) } } | Should -Throw -ErrorId 'InvalidImage,MnistPS.Commands.ImportMnistImageCommand'
        $seen.Count | Should -Be 1
    }

    It 'says what is wrong with <File>' -ForEach @(
        @{ File = 'empty.png'; Id = 'InvalidImage'; Category = 'InvalidData'; Text = 'the file is empty' }
        @{ File = 'truncated.jpg'; Id = 'InvalidImage'; Category = 'InvalidData'; Text = 'truncated' }
        @{ File = 'huge.png'; Id = 'ImageTooLarge'; Category = 'LimitsExceeded'; Text = '200,000 x 200,000 pixels' }
        @{ File = 'blank.png'; Id = 'NoInk'; Category = 'InvalidData'; Text = 'shows no digit' }
        @{ File = 'scan.tif'; Id = 'InvalidImage'; Category = 'InvalidData'; Text = 'TIFF image' }
    ) {
        $path = Join-Path $TestDrive $File
        Import-MnistImage -LiteralPath $path -ErrorVariable errors -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be "$Id,MnistPS.Commands.ImportMnistImageCommand"
        $errors[0].CategoryInfo.Category | Should -Be $Category
        $errors[0].Exception.Message | Should -BeLike "$($path): *$Text*"
    }

    It 'refuses a folder and a missing file by name' {
        Import-MnistImage -LiteralPath $Bad -ErrorVariable errors -ErrorAction SilentlyContinue
        $errors[0].Exception.Message | Should -BeLike "$($Bad): this is a folder, not a file. Name the files in it*"
        $errors[0].FullyQualifiedErrorId | Should -BeLike 'InvalidArgument,*'
        Import-MnistImage -Path (Join-Path $TestDrive 'missing.png') -ErrorVariable missing -ErrorAction SilentlyContinue
        $missing[0].FullyQualifiedErrorId | Should -BeLike 'PathNotFound,*'
    }

    It 'survives a lying header in a fresh host with bounded memory' {
        $huge = Join-Path $TestDrive 'huge.png'
        $output = Invoke-FreshPwsh "Import-Module '$ModulePath'; Import-MnistImage -LiteralPath '$huge' -ErrorAction SilentlyContinue; [System.GC]::Collect(); [System.Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 / 1MB"
        [double] ($output | Select-Object -Last 1) | Should -BeLessThan 400
    }
}
