@{
    Synopsis    = 'Predicts the digit shown by each sample.'
    Description = @'
Get-MnistPrediction runs the network on each sample it receives and writes one MnistPrediction per sample, in input order: the predicted digit, its probability, all ten probabilities, and for labelled samples the actual label and whether the prediction is correct. Samples are processed in small batches as they arrive, so predictions stream.
'@
    Parameters  = @{
        Network     = 'The trained network.'
        InputObject = 'The samples to predict, usually from the pipeline.'
    }
    Inputs      = @(@{ Type = 'MnistPS.MnistSample'; Description = 'The samples to predict.' })
    Outputs     = @(@{ Type = 'MnistPS.MnistPrediction'; Description = 'One per sample: Index, Digit, Probability, Probabilities, Actual, Correct, Sample.' })
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
    )
}
