BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Net = New-MnistNetwork -HiddenLayerSize 16 -Seed 1
    Import-MnistData -Dataset Test | Select-Object -First 2000 | Invoke-MnistTraining -Network $Net -Epochs 1 -Seed 1 | Out-Null
}

Describe 'Export-MnistNetwork and Import-MnistNetwork' {
    It 'round-trips a network exactly' {
        $path = Join-Path $TestDrive 'model.json'
        $file = $Net | Export-MnistNetwork -Path $path -PassThru
        $file | Should -BeOfType System.IO.FileInfo
        $back = Import-MnistNetwork -Path $path
        $back.Architecture | Should -Be '784-16-10'
        $back.EpochsTrained | Should -Be 1
        ($back.Layers[0].Weights -join ',') | Should -Be ($Net.Layers[0].Weights -join ',')
        $sample = Import-MnistData -Dataset Test | Select-Object -First 1
        ($sample | Get-MnistPrediction -Network $back).GetProbabilities() | Should -Be ($sample | Get-MnistPrediction -Network $Net).GetProbabilities()
    }

    It 'resolves relative paths and reads Get-ChildItem output' {
        Push-Location $TestDrive
        try {
            $Net | Export-MnistNetwork -Path ./relative.json
            (Get-ChildItem ./relative.json | Import-MnistNetwork).Architecture | Should -Be '784-16-10'
        } finally {
            Pop-Location
        }
    }

    It 'needs -Force to overwrite' {
        $path = Join-Path $TestDrive 'keep.json'
        Set-Content $path 'previous'
        $err = { $Net | Export-MnistNetwork -Path $path } | Should -Throw -PassThru -ErrorId 'FileExists,MnistPS.Commands.ExportMnistNetworkCommand'
        $err.CategoryInfo.Category | Should -Be 'ResourceExists'
        Get-Content $path | Should -Be 'previous'
        $Net | Export-MnistNetwork -Path $path -Force
        (Import-MnistNetwork -Path $path).Architecture | Should -Be '784-16-10'
    }

    It 'writes nothing with -WhatIf' {
        $path = Join-Path $TestDrive 'whatif.json'
        $Net | Export-MnistNetwork -Path $path -WhatIf
        $path | Should -Not -Exist
    }

    It 'reports a bad model file as InvalidModelFile naming it' {
        $path = Join-Path $TestDrive 'broken.json'
        Set-Content $path '{ "format": "MnistPS.Network", "version": 7 }'
        $result = Import-MnistNetwork -Path $path -ErrorAction SilentlyContinue -ErrorVariable errors
        $result | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -Be 'InvalidModelFile,MnistPS.Commands.ImportMnistNetworkCommand'
        $errors[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $errors[0].Exception.Message | Should -BeLike "*broken.json: the file is format version 7, written by a newer MnistPS*"
    }
}
