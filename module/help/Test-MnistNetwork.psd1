@{
    Synopsis    = 'Measures a network on labelled samples: accuracy, loss, confusion matrix, per-digit precision, recall and F1.'
    Description = @'
Test-MnistNetwork runs the network on every labelled sample it receives and writes one EvaluationResult: Accuracy, Correct and Count, the mean cross-entropy Loss, the 10x10 ConfusionMatrix (ConfusionMatrix[actual][predicted]; GetConfusionTable() shows it as text), and PerDigit precision, recall, F1 and support.
'@
    Parameters  = @{
        Network     = 'The network to measure, or the path of a model file to load. With -Data, the network may come from the pipeline (Import-MnistNetwork ./model.json | Test-MnistNetwork -Data $test).'
        InputObject = 'Labelled samples from the pipeline; predictions from Get-MnistPrediction are measured as the samples they were made from.'
        Data        = 'Labelled samples (or predictions), as an array (instead of the pipeline).'
    }
    Inputs      = @(
        @{ Type = 'MnistPS.MnistSample'; Description = 'Labelled samples.' }
        @{ Type = 'MnistPS.MnistPrediction'; Description = 'Predictions, measured as the samples they were made from.' }
        @{ Type = 'MnistPS.Network'; Description = 'With -Data: the network to measure.' }
    )
    Outputs     = @(@{ Type = 'MnistPS.EvaluationResult'; Description = 'The measurements. ConfusionMatrix is 10 rows of 10 counts and PerDigit a list of DigitMetrics; both write their JSON as text, so Export-Csv keeps them readable (ConvertFrom-Json reads the cell back) and ConvertTo-Json writes a 10x10 array.' })
    Examples    = @(
        @{
            Code    = @'
$net = New-MnistNetwork -Seed 1
Import-MnistData -Dataset Train | Invoke-MnistTraining -Network $net -Epochs 1 -Seed 1 | Out-Null
Import-MnistData -Dataset Test | Test-MnistNetwork -Network $net
'@
            Remarks = 'Accuracy, loss, the confusion matrix and per-digit scores on the 10,000 test digits after one epoch.'
        }
        @{
            Code    = @'
$net = New-MnistNetwork -Seed 1
Import-MnistData -Dataset Train | Invoke-MnistTraining -Network $net -Epochs 1 -Seed 1 | Out-Null
$result = Test-MnistNetwork -Network $net -Data (Import-MnistData -Dataset Test)
$result.PerDigit | Sort-Object F1 | Select-Object -First 3
'@
            Remarks = 'The three digits the network recognises worst.'
        }
        @{
            Code    = @'
$path = Join-Path ([IO.Path]::GetTempPath()) 'mnist-model.json'
New-MnistNetwork -Seed 1 | Export-MnistNetwork -Path $path -Force
$test = Import-MnistData -Dataset Test | Select-Object -First 1000
$result = $path -replace 'json$', 'result.json'
Import-MnistNetwork -Path $path | Test-MnistNetwork -Data $test | ConvertTo-Json | Set-Content $result
(Get-Content -Raw $result | ConvertFrom-Json).ConfusionMatrix[7] -join ' '
'@
            Remarks = 'Measures a saved model straight from the pipeline, keeps the result as JSON (the confusion matrix as a 10x10 array) and reads back the row of the 7s. -Network $path works too.'
        }
    )
}
