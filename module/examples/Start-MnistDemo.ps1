<#
.SYNOPSIS
    The main job: train the default network on the shipped MNIST and report.
.DESCRIPTION
    Loads the 60,000 training and 10,000 test digits shipped with MnistPS, trains the default 784-20-10 network
    (mini-batch SGD, 10 epochs, seeded) while printing the epoch table, then prints the test accuracy, the confusion
    matrix and per-digit scores, draws a few test digits with their predictions, and saves the model and its pictures
    (training curves, confusion matrix, first-layer weights, a sheet of mistakes) next to it.
.EXAMPLE
    ./Start-MnistDemo.ps1 -OutputFolder ./out
#>
[CmdletBinding()]
param(
    # Where the trained model and its pictures are saved.
    [string] $OutputFolder = (Get-Location).Path,

    # Hidden layer sizes of the network.
    [int[]] $HiddenLayerSize = 20,

    # Training epochs.
    [ValidateRange(1, 1000)]
    [int] $Epochs = 10,

    # Seed for weights and shuffling.
    [int] $Seed = 42
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot '../MnistPS.psd1')

$clock = [System.Diagnostics.Stopwatch]::StartNew()
Write-Host 'Loading the shipped MNIST...' -ForegroundColor Cyan
$train = Import-MnistData -Dataset Train
$test = Import-MnistData -Dataset Test
Write-Host ("{0:N0} training and {1:N0} test digits loaded in {2:F1} s" -f $train.Count, $test.Count, $clock.Elapsed.TotalSeconds)

$net = New-MnistNetwork -HiddenLayerSize $HiddenLayerSize -Seed $Seed
Write-Host "`nTraining $($net.Architecture) ($($net.ParameterCount) parameters), $Epochs epochs of mini-batch SGD:" -ForegroundColor Cyan
$history = Invoke-MnistTraining -Network $net -Data $train -Epochs $Epochs -Seed $Seed
$history | Format-Table | Out-Host

$result = Test-MnistNetwork -Network $net -Data $test
Write-Host ("Test accuracy: {0:P2} ({1} of {2} test digits)" -f $result.Accuracy, $result.Correct, $result.Count) -ForegroundColor Green
Write-Host "`nConfusion matrix (rows: actual digit, columns: predicted digit):"
Write-Host $result.GetConfusionTable()
$result.PerDigit | Format-Table | Out-Host

Write-Host 'A few test digits and what the network says:' -ForegroundColor Cyan
foreach ($prediction in $test | Select-Object -First 4 | Get-MnistPrediction -Network $net) {
    Write-Host ($prediction | Show-MnistImage)
    Write-Host ("predicted {0} with probability {1:P1} - {2}`n" -f $prediction.Digit, $prediction.Probability, $(if ($prediction.Correct) { 'correct' } else { 'wrong' }))
}

$null = New-Item -ItemType Directory -Path $OutputFolder -Force
$name = 'mnist-' + $net.Architecture
$model = Join-Path $OutputFolder "$name.json"
Export-MnistNetwork -Network $net -Path $model -Force
Write-Host "Model saved to $model"

Write-Host "`nPictures:" -ForegroundColor Cyan
$pictures = @(
    $history | Export-MnistPlot -Path (Join-Path $OutputFolder "$name-training.png") -Force -PassThru
    $result | Export-MnistPlot -Path (Join-Path $OutputFolder "$name-confusion.png") -Force -PassThru
    $net | Export-MnistPlot -Path (Join-Path $OutputFolder "$name-weights.png") -Force -PassThru
    $test | Get-MnistPrediction -Network $net | Where-Object { -not $_.Correct } | Select-Object -First 100 |
        Export-MnistImage -Path (Join-Path $OutputFolder "$name-mistakes.png") -Scale 2 -Force -PassThru
)
$pictures | ForEach-Object { Write-Host "  $($_.FullName)" }
Write-Host ("Total time {0:F1} s" -f $clock.Elapsed.TotalSeconds)
