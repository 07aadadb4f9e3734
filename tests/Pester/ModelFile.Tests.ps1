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

Describe 'ONNX and NumPy model files' {
    BeforeAll {
        $script:Test = Import-MnistData -Dataset Test
        $script:Correct = (Test-MnistNetwork -Network $Net -Data $Test).Correct
    }

    It 'writes ONNX for a .onnx path and reads it back with the same accuracy on the 10,000 test images' {
        $path = Join-Path $TestDrive 'model.onnx'
        $file = $Net | Export-MnistNetwork -Path $path -PassThru
        $file.Name | Should -Be 'model.onnx'
        [System.IO.File]::ReadAllBytes($path)[0] | Should -Be 0x08
        $back = Import-MnistNetwork -Path $path
        $back.Architecture | Should -Be '784-16-10'
        $back.Seed | Should -Be 1
        $back.EpochsTrained | Should -Be 1
        ($back | Test-MnistNetwork -Data $Test).Correct | Should -Be $Correct
        (Test-MnistNetwork -Network $path -Data $Test).Correct | Should -Be $Correct
    }

    It 'says with -Verbose how the input scaling of an ONNX file was read' {
        $path = Join-Path $TestDrive 'verbose.onnx'
        $Net | Export-MnistNetwork -Path $path
        $messages = Import-MnistNetwork -Path $path -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $messages.Message | Should -Contain "$($path): The model scales its input by 1/255, as MnistPS does; the weights are used as they are."
    }

    It 'writes the format -Format names, whatever the extension' {
        $onnx = Join-Path $TestDrive 'model.bin'
        $Net | Export-MnistNetwork -Path $onnx -Format Onnx
        (Import-MnistNetwork -Path $onnx | Test-MnistNetwork -Data $Test).Correct | Should -Be $Correct
        $json = Join-Path $TestDrive 'json.onnx'
        $Net | Export-MnistNetwork -Path $json -Format Json
        [char][System.IO.File]::ReadAllBytes($json)[0] | Should -Be '{'
        (Import-MnistNetwork -Path $json).Architecture | Should -Be '784-16-10'
    }

    It 'writes the tutorial''s arrays to a .npz (a zip of .npy files), and refuses to import it naming what to import' {
        $path = Join-Path $TestDrive 'model.npz'
        $Net | Export-MnistNetwork -Path $path
        Add-Type -AssemblyName System.IO.Compression.FileSystem
        $zip = [System.IO.Compression.ZipFile]::OpenRead($path)
        try {
            $zip.Entries.Name | Should -Be @('W1.npy', 'B1.npy', 'W2.npy', 'B2.npy', 'activation.npy', 'input_scale.npy')
        } finally {
            $zip.Dispose()
        }
        Import-MnistNetwork -Path $path -ErrorAction SilentlyContinue -ErrorVariable errors | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -Be 'InvalidModelFile,MnistPS.Commands.ImportMnistNetworkCommand'
        $errors[0].Exception.Message | Should -BeLike "$($path): this is a NumPy .npz archive*import the network's .json or .onnx file instead."
    }

    It 'refuses an extension that names no format, writing nothing' {
        $path = Join-Path $TestDrive 'model.bin2'
        $err = { $Net | Export-MnistNetwork -Path $path } | Should -Throw -PassThru -ErrorId 'InvalidArgument,MnistPS.Commands.ExportMnistNetworkCommand'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -BeLike "*the extension '.bin2' names no model format*-Format Json, Onnx or Npz*"
        $path | Should -Not -Exist
    }

    It 'refuses an ONNX graph with an operator it cannot run, naming the file and the node' {
        $path = Join-Path $TestDrive 'relx.onnx'
        $Net | Export-MnistNetwork -Path $path
        $bytes = [System.IO.File]::ReadAllBytes($path)
        $at = [System.Text.Encoding]::ASCII.GetString($bytes).IndexOf('Relu')
        $bytes[$at + 3] = [byte][char]'x'
        [System.IO.File]::WriteAllBytes($path, $bytes)
        Import-MnistNetwork -Path $path -ErrorAction SilentlyContinue -ErrorVariable errors | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -Be 'InvalidModelFile,MnistPS.Commands.ImportMnistNetworkCommand'
        $errors[0].Exception.Message | Should -BeLike "$($path): node 'activation1' (Relx): this operator is not supported.*"
    }
}
