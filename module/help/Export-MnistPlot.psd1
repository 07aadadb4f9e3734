@{
    Synopsis    = 'Draws training curves, a confusion matrix or a network''s first-layer weights as a PNG or SVG chart.'
    Description = @'
Export-MnistPlot picks the chart from what it is given, and draws it with ScottPlot:

- the epoch records of Invoke-MnistTraining: loss and accuracy per epoch, for training and (when there is validation data) validation, with the kept epoch of early stopping marked by a dashed line;

- the result of Test-MnistNetwork: the 10x10 confusion matrix as a heatmap with the count in each cell (coloured by log(1 + count), so that small confusions stay visible next to the diagonal; rows are the actual digit, columns the predicted one), and precision and recall per digit;

- a network: its first layer's weights as 28x28 tiles, one per hidden unit, on a diverging colour map centred on zero (blue negative, white zero, red positive); -Units limits wide layers to their first units.

The format follows the file's extension: .png or .svg. PNG text is drawn with the Inter font embedded in the module, so PNG charts carry their titles and labels on machines without fonts; SVG keeps text as text in the Inter font, which a viewer without Inter replaces with another font. The file is written through a temporary file and renamed; an existing file is overwritten only with -Force.
'@
    Defaults    = @{ Width = '1200 (900 for weight tiles)'; Height = '500 (900 for weight tiles)'; Title = 'One that names the chart and its figures' }
    Parameters  = @{
        InputObject = 'Epoch records (from Invoke-MnistTraining), one evaluation (from Test-MnistNetwork) or one network, usually from the pipeline.'
        Path        = 'The chart file to write: *.png or *.svg.'
        Width       = 'Width in pixels (200-8000). Default 1200, or 900 for weights.'
        Height      = 'Height in pixels (200-8000). Default 500, or 900 for weights.'
        Title       = 'A title for the chart, instead of the default one.'
        Units       = 'For a network: how many hidden units of the first layer to draw (1-400, default 64), the first ones.'
        Force       = 'Overwrites an existing file.'
        PassThru    = 'Writes the file written to the pipeline, as Get-Item does.'
        WhatIf      = 'Shows which file would be written, without writing it.'
        Confirm     = 'Asks before writing the file.'
    }
    Inputs      = @(
        @{ Type = 'MnistPS.EpochResult'; Description = 'The records of one training run (a TrainingRun summary among them, from -Summary, is passed over).' }
        @{ Type = 'MnistPS.EvaluationResult'; Description = 'One evaluation.' }
        @{ Type = 'MnistPS.Network'; Description = 'One network.' }
    )
    Outputs     = @(@{ Type = 'System.IO.FileInfo'; Description = 'With -PassThru, the file written.' })
    Examples    = @(
        @{
            Code    = @'
$net = New-MnistNetwork -Seed 1
$train = Import-MnistData -Dataset Train
Invoke-MnistTraining -Network $net -Data $train -Epochs 8 -ValidationFraction 0.1 -Patience 3 -Seed 1 |
    Export-MnistPlot -Path ./training.png -PassThru
'@
            Remarks = 'Trains for eight epochs with a held-out tenth and early stopping, and draws loss and accuracy per epoch for training and validation, with the kept epoch marked.'
        }
        @{
            Code    = @'
$net = New-MnistNetwork -Seed 1
Import-MnistData -Dataset Train | Invoke-MnistTraining -Network $net -Epochs 3 -Seed 1 | Out-Null
Import-MnistData -Dataset Test | Test-MnistNetwork -Network $net | Export-MnistPlot -Path ./confusion.svg -PassThru
'@
            Remarks = 'Draws the confusion matrix of the 10,000 test digits, with precision and recall per digit, as SVG.'
        }
        @{
            Code    = @'
$net = New-MnistNetwork -Seed 1
Import-MnistData -Dataset Train | Invoke-MnistTraining -Network $net -Epochs 3 -Seed 1 | Out-Null
$net | Export-MnistPlot -Path ./weights.png -Title 'What the 20 hidden units look for' -PassThru
'@
            Remarks = 'Draws the 20 rows of W1 as 28x28 tiles: red pixels push a unit up, blue ones down.'
        }
    )
}
