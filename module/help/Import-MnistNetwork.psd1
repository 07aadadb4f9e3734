@{
    Synopsis    = 'Loads networks saved by Export-MnistNetwork.'
    Description = @'
Import-MnistNetwork reads model files written by Export-MnistNetwork and writes one Network per file. The file is checked fully before anything is built: format name and version, layer shapes that chain from 784 inputs to 10 outputs, finite float32 weights. A bad file is a non-terminating InvalidModelFile error naming the file and what is wrong. Loading reads numbers and names only and never creates a .NET type named by the file.

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
New-MnistNetwork -Seed 1 | Export-MnistNetwork -Path ./model.json -Force
$net = Import-MnistNetwork -Path ./model.json
$net.Architecture
'@
            Remarks = 'Saves a network and loads it back.'
        }
        @{
            Code    = @'
New-MnistNetwork -Seed 1 | Export-MnistNetwork -Path ./a.json -Force
New-MnistNetwork -HiddenLayerSize 64 -Seed 2 | Export-MnistNetwork -Path ./b.json -Force
Get-ChildItem ./*.json | Import-MnistNetwork
'@
            Remarks = 'Loads every model file of the folder.'
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
