# Generated bad inputs at the cmdlet level: each gets a clear error (file, line or record, what is wrong) with a
# stable id and category, and the session goes on.
BeforeDiscovery {
    $script:DataCases = @(
        @{ Case = 'an empty CSV'; File = 'empty.csv'; Id = 'InvalidFileFormat'; Text = 'the file is empty' }
        @{ Case = 'a header-only CSV'; File = 'header-only.csv'; Id = 'InvalidFileFormat'; Text = 'line 2: the file has a header but no rows' }
        @{ Case = 'a short row'; File = 'short.csv'; Id = 'InvalidRecord'; Text = 'line 2: the row has 784 fields, expected 785' }
        @{ Case = 'a long row'; File = 'long.csv'; Id = 'InvalidRecord'; Text = 'line 2: the row has 786 fields, expected 785' }
        @{ Case = 'a pixel out of range'; File = 'pixel.csv'; Id = 'InvalidRecord'; Text = 'line 2: pixel0 (field 2) is ''256''' }
        @{ Case = 'a non-integer pixel'; File = 'fraction.csv'; Id = 'InvalidRecord'; Text = 'line 2: pixel0 (field 2) is ''0.5''' }
        @{ Case = 'a label outside 0-9'; File = 'label.csv'; Id = 'InvalidRecord'; Text = 'line 2: the label ''11'' is not a digit' }
        @{ Case = 'a label that is not a number'; File = 'word.csv'; Id = 'InvalidRecord'; Text = 'line 2: the label ''seven'' is not a digit' }
        @{ Case = 'a header that is not MNIST''s'; File = 'other.csv'; Id = 'InvalidFileFormat'; Text = 'line 1: the header has 3 columns' }
        @{ Case = 'binary garbage'; File = 'garbage.bin'; Id = 'InvalidFileFormat'; Text = 'header: this is not an IDX file: it starts with 0x00EFDECD' }
        @{ Case = 'a wrong IDX magic'; File = 'magic-images'; Id = 'InvalidFileFormat'; Text = 'header: this is not an IDX file' }
        @{ Case = 'a wrong IDX element type'; File = 'type-images'; Id = 'InvalidFileFormat'; Text = 'header: the elements are of IDX type 0x0D' }
        @{ Case = 'an IDX header alone'; File = 'header-images'; Id = 'InvalidFileFormat'; Text = 'the file is truncated: the header says 5 images but it ends after 0' }
        @{ Case = 'truncated IDX data'; File = 'cut-images'; Id = 'InvalidFileFormat'; Text = 'record 3 (index 2): the file is truncated' }
        @{ Case = 'a count far beyond the file'; File = 'huge-images'; Id = 'InvalidFileFormat'; Text = 'the header says 2147483647 images but it ends after 1' }
        @{ Case = 'images that are not 28x28'; File = 'small-images'; Id = 'InvalidFileFormat'; Text = 'header: the images are 14x14' }
        @{ Case = 'a labels file with another count'; File = 'count-images'; Label = 'count-labels'; Id = 'InvalidFileFormat'; Text = 'the file has 3 labels but the images file has 2 images' }
        @{ Case = 'a label value of 12'; File = 'value-images'; Label = 'value-labels'; Id = 'InvalidRecord'; Text = 'record 2 (index 1): the label is 12' }
        @{ Case = 'a corrupt gzip stream'; File = 'corrupt.gz'; Id = 'InvalidFileFormat'; Text = 'the gzip data is corrupt' }
    )
    foreach ($case in $DataCases) { if (-not $case.ContainsKey('Label')) { $case.Label = $null } }
    $script:ModelCases = @(
        @{ Case = 'an empty model file'; File = 'empty.json'; Text = 'the file is empty' }
        @{ Case = 'a model file that is not JSON'; File = 'text.json'; Text = 'the file is not valid JSON' }
        @{ Case = 'JSON of the wrong shape'; File = 'shape.json'; Text = 'not a MnistPS model file' }
        @{ Case = 'a missing layer'; File = 'missing.json'; Text = 'the last layer has 20 outputs; it must have 10' }
        @{ Case = 'an extra layer'; File = 'extra.json'; Text = 'layer 2''s activation is Softmax but hiddenActivation is ReLU' }
        @{ Case = 'weights of the wrong size'; File = 'size.json'; Text = '"weights" has 15679 values, expected 15680' }
        @{ Case = 'a NaN weight'; File = 'nan.json'; Text = 'not valid JSON' }
        @{ Case = 'an infinite weight'; File = 'inf.json'; Text = 'is 1e39, not a finite float32 number' }
        @{ Case = 'a future format version'; File = 'future.json'; Text = 'format version 2, written by a newer MnistPS' }
        @{ Case = 'a file that names .NET types'; File = 'type.json'; Text = 'has a "$type" property' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Folder = Join-Path $TestDrive 'bad'
    New-Item -ItemType Directory -Path $Folder | Out-Null
    function Write-Bytes([string] $Name, [byte[]] $Bytes) { [System.IO.File]::WriteAllBytes((Join-Path $Folder $Name), $Bytes) }
    function Get-IdxHeader([int] $Magic, [int[]] $Dims) {
        $bytes = [System.Collections.Generic.List[byte]]::new()
        foreach ($value in @($Magic) + $Dims) { $b = [BitConverter]::GetBytes([int]$value); [array]::Reverse($b); $bytes.AddRange([byte[]]$b) }
        , $bytes.ToArray()
    }
    $header = Get-KaggleHeader
    $row = New-KaggleRow 1
    Set-Content -Path (Join-Path $Folder 'empty.csv') -Value $null -NoNewline
    Set-Content -Path (Join-Path $Folder 'header-only.csv') -Value $header
    Set-Content -Path (Join-Path $Folder 'short.csv') -Value $header, ($row -replace ',0$', '')
    Set-Content -Path (Join-Path $Folder 'long.csv') -Value $header, "$row,0"
    Set-Content -Path (Join-Path $Folder 'pixel.csv') -Value $header, (New-KaggleRow 1 256)
    Set-Content -Path (Join-Path $Folder 'fraction.csv') -Value $header, ($row -replace '^1,0,', '1,0.5,')
    Set-Content -Path (Join-Path $Folder 'label.csv') -Value $header, ($row -replace '^1,', '11,')
    Set-Content -Path (Join-Path $Folder 'word.csv') -Value $header, ($row -replace '^1,', 'seven,')
    Set-Content -Path (Join-Path $Folder 'other.csv') -Value 'name,age,city', 'bob,3,x'
    Write-Bytes 'garbage.bin' ([byte[]](0..4999 | ForEach-Object { ($_ * 7919) % 256 }))
    Write-Bytes 'magic-images' ((Get-IdxHeader 0x12345678 @(1, 28, 28)) + [byte[]]::new(784))
    Write-Bytes 'type-images' ((Get-IdxHeader 0x00000D03 @(1, 28, 28)) + [byte[]]::new(784))
    Write-Bytes 'header-images' (Get-IdxHeader 0x00000803 @(5, 28, 28))
    Write-Bytes 'cut-images' ((Get-IdxHeader 0x00000803 @(5, 28, 28)) + [byte[]]::new(784 * 2 + 10))
    Write-Bytes 'huge-images' ((Get-IdxHeader 0x00000803 @([int]::MaxValue, 28, 28)) + [byte[]]::new(784))
    Write-Bytes 'small-images' ((Get-IdxHeader 0x00000803 @(1, 14, 14)) + [byte[]]::new(196))
    Write-Bytes 'count-images' ((Get-IdxHeader 0x00000803 @(2, 28, 28)) + [byte[]]::new(784 * 2))
    Write-Bytes 'count-labels' ((Get-IdxHeader 0x00000801 @(3)) + [byte[]](1, 2, 3))
    Write-Bytes 'value-images' ((Get-IdxHeader 0x00000803 @(3, 28, 28)) + [byte[]]::new(784 * 3))
    Write-Bytes 'value-labels' ((Get-IdxHeader 0x00000801 @(3)) + [byte[]](1, 12, 3))
    $gz = [System.IO.File]::ReadAllBytes((Join-Path (Split-Path $ModulePath) 'data/t10k-labels-idx1-ubyte.gz'))
    for ($i = 20; $i -lt 200; $i++) { $gz[$i] = $gz[$i] -bxor 0x5A }
    Write-Bytes 'corrupt.gz' $gz

    $good = Join-Path $Folder 'good.json'
    New-MnistNetwork -Seed 1 | Export-MnistNetwork -Path $good
    $json = Get-Content -Raw $good
    function Edit-Model([string] $Name, [scriptblock] $Change) {
        $model = $json | ConvertFrom-Json -Depth 10
        & $Change $model
        Set-Content -Path (Join-Path $Folder $Name) -Value ($model | ConvertTo-Json -Depth 10 -Compress)
    }
    Set-Content -Path (Join-Path $Folder 'empty.json') -Value $null -NoNewline
    Set-Content -Path (Join-Path $Folder 'text.json') -Value 'weights: lots'
    Set-Content -Path (Join-Path $Folder 'shape.json') -Value '{ "name": "model", "layers": 2 }'
    Edit-Model 'missing.json' { param($m) $m.layers = @($m.layers[0]) }
    Edit-Model 'extra.json' { param($m) $m.layers = @($m.layers[0], $m.layers[1], $m.layers[1]) }
    Edit-Model 'size.json' { param($m) $m.layers[0].weights = @($m.layers[0].weights | Select-Object -Skip 1) }
    Set-Content -Path (Join-Path $Folder 'nan.json') -Value ($json -replace '"biases":\[0,', '"biases":[NaN,')
    Set-Content -Path (Join-Path $Folder 'inf.json') -Value ($json -replace '"biases":\[0,', '"biases":[1e39,')
    Edit-Model 'future.json' { param($m) $m.version = 2 }
    Edit-Model 'type.json' { param($m) $m | Add-Member -NotePropertyName '$type' -NotePropertyValue 'System.IO.FileInfo' }
}

Describe 'Import-MnistData on <Case>' -ForEach $DataCases {
    It 'writes one non-terminating <Id> naming the file and what is wrong' {
        $path = Join-Path $Folder $File
        $arguments = @{ Path = $path; ErrorAction = 'SilentlyContinue'; ErrorVariable = 'errors' }
        if ($Label) { $arguments.LabelPath = Join-Path $Folder $Label }
        Import-MnistData @arguments | Out-Null
        $errors.Count | Should -Be 1
        $err = $errors[0]
        $err.FullyQualifiedErrorId | Should -Be "$Id,MnistPS.Commands.ImportMnistDataCommand"
        $err.CategoryInfo.Category | Should -Be 'InvalidData'
        $named = if ($Label) { $arguments.LabelPath } else { $path }
        $err.Exception.Message | Should -BeLike "$named*"
        $err.Exception.Message | Should -BeLike "*$Text*"
    }
}

Describe 'Import-MnistNetwork on <Case>' -ForEach $ModelCases {
    It 'writes InvalidModelFile naming the file and what is wrong' {
        $path = Join-Path $Folder $File
        $result = Import-MnistNetwork -Path $path -ErrorAction SilentlyContinue -ErrorVariable errors
        $result | Should -BeNullOrEmpty
        $errors.Count | Should -Be 1
        $errors[0].FullyQualifiedErrorId | Should -Be 'InvalidModelFile,MnistPS.Commands.ImportMnistNetworkCommand'
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $errors[0].Exception.Message | Should -BeLike "$path*"
        $errors[0].Exception.Message | Should -BeLike "*$Text*"
    }
}

Describe 'Variants that load like the plain file' {
    BeforeAll {
        $script:Plain = Join-Path $Folder 'plain.csv'
        Import-MnistData -Dataset Test | Select-Object -First 3 | Export-MnistData -Path $Plain -Force
        $script:Expected = (Import-MnistData -Path $Plain | ForEach-Object { "$($_.Label):$($_.Pixels -join ',')" }) -join '|'
    }

    It 'loads <Name> like the plain file' -ForEach @(
        @{ Name = 'CRLF line ends'; Make = { param($text, $path) [System.IO.File]::WriteAllText($path, ($text -replace "`n", "`r`n")) } }
        @{ Name = 'a UTF-8 byte-order mark'; Make = { param($text, $path) [System.IO.File]::WriteAllText($path, $text, [System.Text.UTF8Encoding]::new($true)) } }
        @{ Name = 'a .gz name on a plain file'; Make = { param($text, $path) [System.IO.File]::WriteAllText("$path.gz", $text); Move-Item "$path.gz" $path -Force } }
        @{ Name = 'no header'; Make = { param($text, $path) [System.IO.File]::WriteAllText($path, (($text -split "`n" | Select-Object -Skip 1) -join "`n")) } }
    ) {
        $path = Join-Path $Folder ("variant-" + ($Name -replace '\W', '') + '.csv')
        & $Make ([System.IO.File]::ReadAllText($Plain)) $path
        ((Import-MnistData -Path $path | ForEach-Object { "$($_.Label):$($_.Pixels -join ',')" }) -join '|') | Should -Be $Expected
    }

    It 'loads an unlabelled file with the same pixels' {
        $path = Join-Path $Folder 'unlabelled.csv'
        Import-MnistData -Path $Plain | Export-MnistData -Path $path -NoLabel
        $samples = Import-MnistData -Path $path
        ($samples | ForEach-Object { ":$($_.Pixels -join ',')" }) -join '|' | Should -Be ($Expected -replace '\d:', ':')
    }
}

Describe 'The host after bad input' {
    It 'keeps running in a fresh process that reads every bad file' {
        $files = (Get-ChildItem $Folder -File | Where-Object Extension -ne '.json').FullName -join "','"
        $output = Invoke-FreshPwsh "Import-Module '$ModulePath'; foreach (`$f in '$files') { try { Import-MnistData -LiteralPath `$f -ErrorAction SilentlyContinue | Out-Null } catch { } }; 'alive'"
        $output | Select-Object -Last 1 | Should -Be 'alive'
    }
}
