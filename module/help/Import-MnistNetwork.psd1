@{
    Synopsis    = 'Loads networks from model files: MnistPS JSON, and ONNX multilayer perceptrons.'
    Description = @'
Import-MnistNetwork reads model files and writes one Network per file. The format is told from the content: MnistPS's JSON (written by Export-MnistNetwork) or an ONNX model.

JSON files are checked fully before anything is built: format name and version, layer shapes that chain from 784 inputs to 10 outputs, finite float32 weights. Loading reads numbers and names only and never creates a .NET type named by the file.

ONNX files may come from Export-MnistNetwork or from another tool, such as a PyTorch Linear/ReLU stack exported with torch.onnx.export: a float32 [N, 784] input; an optional Mul or Div by one number (the input scaling); layers of Gemm (or MatMul followed by Add) with stored weights, Relu, Sigmoid or Tanh between them (one activation for all hidden layers); 10 outputs, with or without a final Softmax (without one, MnistPS applies softmax to the scores: the same digit, and the softmax of the model's outputs as probabilities). MnistPS feeds its first layer pixel / 255, so the model's own input scaling is folded into its first layer's weights (a model without a scaling node takes raw pixels: its weights are multiplied by 255); -Verbose says what was done. Convolutions, other input shapes, tensors in external data files and other operators are refused naming the node.

NumPy .npz files, which Export-MnistNetwork writes, are not read back. A bad file is a non-terminating InvalidModelFile error naming the file and what is wrong.

A network saved after training remembers how it was trained: its TrainingRuns property holds one TrainingRun per training run (the recipe, the data's size and source, the seed, the epochs run and kept, the figures, the outcome, the date and the MnistPS version). Files from before this record existed load with an empty TrainingRuns.
'@
    Parameters  = @{
        Path        = 'Model files to read. Wildcards are allowed.'
        LiteralPath = 'Model files, used exactly as typed. Get-ChildItem output binds to this parameter by its PSPath property.'
    }
    Inputs      = @(
        @{ Type = 'System.String'; Description = 'A path, by value.' }
        @{ Type = 'System.IO.FileInfo'; Description = 'Files from Get-ChildItem.' }
    )
    Outputs     = @(@{ Type = 'MnistPS.Network'; Description = 'One network per file.' })
    Examples    = @(
        @{
            Code    = @'
$path = Join-Path ([IO.Path]::GetTempPath()) model.json
New-MnistNetwork -Seed 1 | Export-MnistNetwork -Path $path -Force
$net = Import-MnistNetwork -Path $path
$net.Architecture
'@
            Remarks = 'Saves a network and loads it back.'
        }
        @{
            Code    = @'
$folder = New-Item -ItemType Directory -Path (Join-Path ([IO.Path]::GetTempPath()) mnist-models) -Force
New-MnistNetwork -Seed 1 | Export-MnistNetwork -Path (Join-Path $folder a.json) -Force
New-MnistNetwork -HiddenLayerSize 64 -Seed 2 | Export-MnistNetwork -Path (Join-Path $folder b.onnx) -Force
Get-ChildItem $folder -File | Import-MnistNetwork
'@
            Remarks = 'Loads every model file of a folder, JSON and ONNX alike.'
        }
        @{
            Code    = @'
$path = Join-Path ([IO.Path]::GetTempPath()) tanh.onnx
New-MnistNetwork -HiddenLayerSize 32, 16 -Activation Tanh -Seed 3 | Export-MnistNetwork -Path $path -Force
Import-MnistNetwork -Path $path -Verbose | Format-List Architecture, HiddenActivation, Seed
'@
            Remarks = 'Reads an ONNX model back; -Verbose says how its input scaling was read (an ONNX file from another tool also says which tool made it).'
        }
        @{
            Code    = @'
$net = New-MnistNetwork -Seed 1
Import-MnistData -Dataset Test | Select-Object -First 2000 | Invoke-MnistTraining -Network $net -Epochs 2 -Seed 1 | Out-Null
$net | Export-MnistNetwork -Path ./trained.json -Force
(Import-MnistNetwork -Path ./trained.json).TrainingRuns | Format-List
'@
            Remarks = 'Shows how a saved network was trained: two epochs on 2,000 digits from t10k-images-idx3-ubyte.gz, with the recipe, seed, figures and date.'
        }
    )
}
