@{
    Synopsis    = 'Writes digits or predictions as PNG: one digit with exactly its pixels, a captioned sheet of many, or a file each.'
    Description = @'
Export-MnistImage turns MnistSample objects (from Import-MnistData or Import-MnistImage) and MnistPrediction objects (from Get-MnistPrediction) into pictures you can open, paste into a report or put on a slide.

With -Path and one input, the file is a greyscale PNG of the digit with exactly its 784 pixels (28x28, or -Scale times larger, each pixel repeated): importing it back with Import-MnistImage gives the same pixels. With several inputs, the file is one sheet: a grid of -Columns tiles, light digits on black as in MNIST, each captioned with its label, or for predictions with the predicted digit and, when it is wrong, the true one in red. -NoCaption leaves the captions out. A sheet holds at most 64 megapixels.

With -Directory, each digit is written to a file of its own, numbered in input order (00001-7.png; predictions as 00001-2-true7.png).

Files are written through a temporary file and renamed, so a failed write never leaves half a file; an existing file is overwritten only with -Force. -WhatIf shows what would be written.
'@
    Defaults    = @{ Scale = '1 for a digit on its own, 2 on a sheet' }
    Parameters  = @{
        InputObject = 'The samples (MnistSample) or predictions (MnistPrediction) to draw, usually from the pipeline.'
        Path        = 'The PNG file to write: the digit itself for one input, a sheet for several. The name must end in .png.'
        Directory   = 'A folder to write one PNG per digit into; it is created if missing.'
        Scale       = 'How many times larger than 28x28 each digit is drawn (1-32): each pixel becomes Scale x Scale pixels. Default 1 for single digits and files in a folder, 2 on a sheet.'
        Columns     = 'Tiles per row of a sheet (1-100, default 10).'
        NoCaption   = 'Leaves the captions out of a sheet.'
        Force       = 'Overwrites existing files.'
        PassThru    = 'Writes the files written to the pipeline, as Get-Item does.'
        WhatIf      = 'Shows which files would be written, without writing them.'
        Confirm     = 'Asks before writing each file.'
    }
    Inputs      = @(
        @{ Type = 'MnistPS.MnistSample'; Description = 'Digits to draw.' }
        @{ Type = 'MnistPS.MnistPrediction'; Description = 'Predictions to draw, captioned with the predicted and true digit.' }
    )
    Outputs     = @(@{ Type = 'System.IO.FileInfo'; Description = 'With -PassThru, each file written.' })
    Examples    = @(
        @{
            Code    = @'
Import-MnistData -Dataset Test | Select-Object -First 1 | Export-MnistImage -Path ./seven.png -PassThru
'@
            Remarks = 'Writes the first test digit as a 28x28 greyscale PNG with exactly its pixels.'
        }
        @{
            Code    = @'
Import-MnistData -Dataset Test | Select-Object -First 50 | Export-MnistImage -Path ./digits.png -Columns 10 -Scale 3 -PassThru
'@
            Remarks = 'Writes a sheet of 50 test digits, ten per row, three times MNIST''s size, each captioned with its label.'
        }
        @{
            Code    = @'
$net = New-MnistNetwork -Seed 1
Import-MnistData -Dataset Train | Invoke-MnistTraining -Network $net -Epochs 3 -Seed 1 | Out-Null
Import-MnistData -Dataset Test | Select-Object -First 2000 | Get-MnistPrediction -Network $net |
    Where-Object { -not $_.Correct } | Export-MnistImage -Path ./mistakes.png -PassThru
'@
            Remarks = 'Shows what the network gets wrong: a sheet of the misread digits among the first 2,000 test images, each captioned with the predicted digit and, in red, the true one.'
        }
        @{
            Code    = @'
Import-MnistData -Dataset Test | Select-Object -First 5 | Export-MnistImage -Directory ./digits -Scale 4 -PassThru
'@
            Remarks = 'Writes five files, 00001-7.png to 00005-4.png, each a digit at 112x112 pixels.'
        }
    )
}
