@{
    Synopsis    = 'Saves a network to a versioned JSON model file.'
    Description = @'
Export-MnistNetwork writes the network's architecture, weights and training runs (how it was trained: see Invoke-MnistTraining) as JSON (format "MnistPS.Network", version 1, described in the README) so that Import-MnistNetwork, or another tool, can read it back; the float32 weights round-trip bit for bit.

The file is written to a temporary file and renamed over the target only when complete, so a failed save leaves the previous file intact. An existing file is overwritten only with -Force. Supports -WhatIf and -Confirm.
'@
    Parameters  = @{
        Network  = 'The network to save, from the pipeline or by name.'
        Path     = 'The model file to write (conventionally *.json). Relative paths are resolved from the current location.'
        Force    = 'Overwrite an existing file.'
        PassThru = 'Emit the written file as a FileInfo object.'
        WhatIf   = 'Shows what would be written without writing anything.'
        Confirm  = 'Asks for confirmation before writing.'
    }
    Inputs      = @(@{ Type = 'MnistPS.Network'; Description = 'The network to save.' })
    Outputs     = @(@{ Type = 'System.IO.FileInfo'; Description = 'With -PassThru, the file written.' })
    Examples    = @(
        @{
            Code    = 'New-MnistNetwork -Seed 1 | Export-MnistNetwork -Path ./model.json -PassThru'
            Remarks = 'Saves a new network to model.json.'
        }
        @{
            Code    = @'
$net = New-MnistNetwork -Seed 1
Export-MnistNetwork -Network $net -Path ./model.json -Force
Export-MnistNetwork -Network $net -Path ./model.json -Force -WhatIf
Get-Item ./model.json | Select-Object Name, Length, LastWriteTime
'@
            Remarks = 'Overwrites model.json, then shows what a second save would do without writing; the file is the one written first.'
        }
    )
}
