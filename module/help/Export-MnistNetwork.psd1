@{
    Synopsis    = 'Saves a network as a model file: MnistPS JSON, ONNX or NumPy .npz.'
    Description = @'
Export-MnistNetwork writes the network in the format its file name's extension names, or the one -Format names:

Json (*.json): MnistPS's versioned JSON (format "MnistPS.Network", version 1, described in the README), with how the network was made and its training runs (see Invoke-MnistTraining); Import-MnistNetwork reads it back and the float32 weights round-trip bit for bit.

Onnx (*.onnx): a standard ONNX model (opset 13) for ONNX Runtime and other tools. Input "pixels", float32 [N, 784], raw pixel values 0-255 (the scaling by 1/255 is the graph's first node); output "probabilities", float32 [N, 10]. Each layer is a Gemm with weights W1, W2, ... in the tutorial's shapes. Import-MnistNetwork reads it back.

Npz (*.npz): a NumPy archive of W1, B1, W2, B2, ... as float32 in the tutorial's shapes (W1 is 20x784, B1 20x1), with "activation" and "input_scale", so the tutorial's NumPy code continues from the network (the README shows how). Import-MnistNetwork does not read it back.

The file is written to a temporary file and renamed over the target only when complete, so a failed save leaves the previous file intact. An existing file is overwritten only with -Force. A file name whose extension names no format, without -Format, is an InvalidArgument error. Supports -WhatIf and -Confirm.
'@
    Parameters  = @{
        Network  = 'The network to save, from the pipeline or by name.'
        Path     = 'The model file to write: *.json, *.onnx or *.npz (the extension chooses the format unless -Format does). Relative paths are resolved from the current location.'
        Format   = 'The format to write, whatever the extension: Json (MnistPS model file), Onnx (ONNX model) or Npz (NumPy arrays).'
        Force    = 'Overwrite an existing file.'
        PassThru = 'Emit the written file as a FileInfo object.'
        WhatIf   = 'Shows what would be written without writing anything.'
        Confirm  = 'Asks for confirmation before writing.'
    }
    Defaults    = @{ Format = 'The one the extension of -Path names' }
    Inputs      = @(@{ Type = 'MnistPS.Network'; Description = 'The network to save.' })
    Outputs     = @(@{ Type = 'System.IO.FileInfo'; Description = 'With -PassThru, the file written.' })
    Examples    = @(
        @{
            Code    = 'New-MnistNetwork -Seed 1 | Export-MnistNetwork -Path (Join-Path ([IO.Path]::GetTempPath()) model.json) -Force -PassThru'
            Remarks = 'Saves a new network to model.json in the temporary folder.'
        }
        @{
            Code    = @'
$net = New-MnistNetwork -Seed 1
$path = Join-Path ([IO.Path]::GetTempPath()) model.json
Export-MnistNetwork -Network $net -Path $path -Force
Export-MnistNetwork -Network $net -Path $path -Force -WhatIf
Get-Item $path | Select-Object Name, Length, LastWriteTime
'@
            Remarks = 'Overwrites model.json, then shows what a second save would do without writing; the file is the one written first.'
        }
        @{
            Code    = @'
$net = New-MnistNetwork -Seed 1
Import-MnistData -Dataset Test | Select-Object -First 2000 | Invoke-MnistTraining -Network $net -Epochs 2 -Seed 1 | Out-Null
$path = Join-Path ([IO.Path]::GetTempPath()) digits.onnx
$net | Export-MnistNetwork -Path $path -Force -PassThru
(Import-MnistNetwork -Path $path | Test-MnistNetwork -Data (Import-MnistData -Dataset Test)).Accuracy
'@
            Remarks = 'Trains a network briefly, saves it as ONNX (for ONNX Runtime, or any tool that runs ONNX: feed it pixels 0-255 as float32 [N, 784]) and scores the model read back.'
        }
        @{
            Code    = @'
$path = Join-Path ([IO.Path]::GetTempPath()) tutorial.npz
New-MnistNetwork -Seed 1 | Export-MnistNetwork -Path $path -Force -PassThru
New-MnistNetwork -Seed 1 | Export-MnistNetwork -Path (Join-Path ([IO.Path]::GetTempPath()) arrays.bin) -Format Npz -Force -PassThru
'@
            Remarks = 'Saves the tutorial''s W1, B1, W2, B2 for NumPy (np.load(path) gives them as float32 arrays), the second time under a name whose extension says nothing, so -Format chooses.'
        }
    )
}
