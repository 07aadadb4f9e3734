@{
    Synopsis    = 'Predicts the digit shown by each sample.'
    Description = @'
Get-MnistPrediction runs the network on each sample it receives and writes one MnistPrediction per sample, in input order: the predicted digit, its probability, all ten probabilities, and for labelled samples the actual label and whether the prediction is correct. Samples are processed in small batches as they arrive, so predictions stream.

-Path and -LiteralPath predict image files directly (PNG, JPEG, BMP, GIF, WebP), read and normalised as Import-MnistImage does: Get-MnistPrediction -Network $net -Path ./digit.png is the one-line form. Each prediction's Source names its file. For -Label, -Invert or -NoPreprocess, pipe Import-MnistImage instead.
'@
    Parameters  = @{
        Network     = 'The trained network, or the path of a model file to load.'
        InputObject = 'The samples to predict, usually from the pipeline.'
        Path        = 'Image files to predict, read as Import-MnistImage reads them. Wildcards are allowed.'
        LiteralPath = 'Image files to predict, used exactly as typed. Get-ChildItem output binds to this parameter by its PSPath property.'
    }
    Inputs      = @(
        @{ Type = 'MnistPS.MnistSample'; Description = 'The samples to predict.' }
        @{ Type = 'System.String'; Description = 'Paths of image files, by value.' }
        @{ Type = 'System.IO.FileInfo'; Description = 'Image files from Get-ChildItem, by their PSPath property.' }
    )
    Outputs     = @(@{ Type = 'MnistPS.MnistPrediction'; Description = 'One per sample: Index, Digit, Probability, Actual, Correct, Source and the ten probabilities P0 to P9 (GetProbabilities() returns them as an array, GetSample() the sample). The properties are flat, so predictions export cleanly with Export-Csv and ConvertTo-Json; cmdlets that take samples (Export-MnistData, Test-MnistNetwork, Show-MnistImage, Invoke-MnistTraining) take predictions too.' })
    Examples    = @(
        @{
            Code    = @'
$net = New-MnistNetwork -Seed 1
Import-MnistData -Dataset Train | Select-Object -First 20000 | Invoke-MnistTraining -Network $net -Epochs 2 -Seed 1 | Out-Null
Import-MnistData -Dataset Test | Select-Object -First 5 | Get-MnistPrediction -Network $net
'@
            Remarks = 'Trains briefly, then predicts the first five test digits.'
        }
        @{
            Code    = @'
$net = New-MnistNetwork -Seed 1
Import-MnistData -Dataset Train | Select-Object -First 20000 | Invoke-MnistTraining -Network $net -Epochs 2 -Seed 1 | Out-Null
Import-MnistData -Dataset Test | Select-Object -First 1000 | Get-MnistPrediction -Network $net |
    Select-Object @{ n = 'ImageId'; e = { $_.Index + 1 } }, @{ n = 'Label'; e = { $_.Digit } } |
    Export-Csv -Path ./submission.csv -NoTypeInformation -UseQuotes Never
Get-Content ./submission.csv -TotalCount 3
'@
            Remarks = 'Writes a Kaggle digit-recognizer submission file (ImageId,Label) for 1,000 digits.'
        }
        @{
            Code    = @'
$net = New-MnistNetwork -Seed 1
Import-MnistData -Dataset Train | Select-Object -First 20000 | Invoke-MnistTraining -Network $net -Epochs 2 -Seed 1 | Out-Null
Import-MnistData -Dataset Test | Select-Object -First 500 | Get-MnistPrediction -Network $net |
    Where-Object Correct -eq $false | Select-Object -First 2 | Show-MnistImage
'@
            Remarks = 'Draws two test digits the network gets wrong.'
        }
            @{
            Code    = @'
$net = New-MnistNetwork -Seed 1
Import-MnistData -Dataset Train | Invoke-MnistTraining -Network $net -Epochs 5 -Seed 1 | Out-Null
$images = Join-Path (Get-Module MnistPS).ModuleBase 'examples/images'
Get-MnistPrediction -Network $net -Path $images/photo-3.jpg
Get-MnistPrediction -Network $net -Path $images/canvas-2.png
'@
            Remarks = 'Predicts the digit in a photo of a handwritten 3 and in a canvas drawing of a 2 (transparent background), one command each.'
        }
        @{
            Code    = @'
$net = New-MnistNetwork -Seed 1
$test = Import-MnistData -Dataset Test | Select-Object -First 2000
$test | Invoke-MnistTraining -Network $net -Epochs 2 -Seed 1 | Out-Null
$wrong = Join-Path ([IO.Path]::GetTempPath()) 'mnist-wrong.csv'
$test | Get-MnistPrediction -Network $net | Where-Object { -not $_.Correct } | Export-MnistData -Path $wrong -Force
$test | Get-MnistPrediction -Network $net | Export-Csv -Path ($wrong -replace 'wrong', 'predictions')
Import-Csv ($wrong -replace 'wrong', 'predictions') | Select-Object -First 3 Index, Digit, Probability, P0, P7
'@
            Remarks = 'Keeps the misread digits as a Kaggle-style CSV (a prediction binds wherever a sample does), and writes every prediction to CSV with columns Index, Digit, Probability, Actual, Correct, Source and P0 to P9.'
        }
    )
}
