@{
    Synopsis    = 'Loads networks saved by Export-MnistNetwork.'
    Description = @'
Import-MnistNetwork reads model files written by Export-MnistNetwork and writes one Network per file. The file is checked fully before anything is built: format name and version, layer shapes that chain from 784 inputs to 10 outputs, finite float32 weights. A bad file is a non-terminating InvalidModelFile error naming the file and what is wrong. Loading reads numbers and names only and never creates a .NET type named by the file.
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
    )
}
