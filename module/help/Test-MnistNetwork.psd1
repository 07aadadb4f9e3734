@{
    Synopsis    = 'Measures a network on labelled samples: accuracy, loss, confusion matrix, per-digit precision, recall and F1.'
    Description = @'
Test-MnistNetwork runs the network on every labelled sample it receives and writes one EvaluationResult: Accuracy, Correct and Count, the mean cross-entropy Loss, the 10x10 ConfusionMatrix (ConfusionMatrix[actual][predicted]; GetConfusionTable() shows it as text), and PerDigit precision, recall, F1 and support.
'@
    Parameters  = @{
        Network     = 'The network to measure.'
        InputObject = 'Labelled samples from the pipeline.'
        Data        = 'Labelled samples, as an array (instead of the pipeline).'
    }
    Inputs      = @(@{ Type = 'MnistPS.MnistSample'; Description = 'Labelled samples.' })
    Outputs     = @(@{ Type = 'MnistPS.EvaluationResult'; Description = 'The measurements.' })
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
    )
}
