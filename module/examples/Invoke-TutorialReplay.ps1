<#
.SYNOPSIS
    Replays the NumPy tutorial step by step with MnistPS.
.DESCRIPTION
    1. Writes a Kaggle-style train.csv (label,pixel0..pixel783) of 42,000 digits with Export-MnistData.
    2. Imports it, takes the first 30,000 rows to train and the other 12,000 to test.
    3. Builds 784-20-10 with the tutorial's initialisation (uniform in [-0.5, 0.5), zero biases) and shows W1, B1, W2, B2.
    4. Trains by full-batch gradient descent (learning rate 0.1, 500 iterations), reporting every 50 iterations.
    5. Reports training and test accuracy.
.EXAMPLE
    ./Invoke-TutorialReplay.ps1 -Iterations 100
#>
[CmdletBinding()]
param(
    # Folder for train.csv.
    [string] $WorkFolder = (Join-Path ([System.IO.Path]::GetTempPath()) 'mnistps-tutorial'),

    # Gradient-descent iterations (the tutorial's is 500).
    [ValidateRange(1, 100000)]
    [int] $Iterations = 500,

    [int] $Seed = 42
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot '../MnistPS.psd1')
$null = New-Item -ItemType Directory -Path $WorkFolder -Force
$csv = Join-Path $WorkFolder 'train.csv'

Write-Host "1. Writing a Kaggle-style train.csv of 42,000 digits to $csv" -ForegroundColor Cyan
Import-MnistData -Dataset Train | Select-Object -First 42000 | Export-MnistData -Path $csv -Force
Write-Host ("   {0:N1} MB, header: {1}..." -f ((Get-Item $csv).Length / 1MB), (Get-Content $csv -TotalCount 1).Substring(0, 40))

Write-Host '2. Importing it; first 30,000 rows train, the other 12,000 test' -ForegroundColor Cyan
$rows = Import-MnistData -Path $csv
$train = $rows[0..29999]
$test = $rows[30000..41999]
Write-Host "   $($train.Count) training rows, $($test.Count) test rows"

Write-Host '3. Building 784-20-10 with the tutorial''s initialisation' -ForegroundColor Cyan
$net = New-MnistNetwork -HiddenLayerSize 20 -Activation ReLU -Initialization Uniform -Seed $Seed
foreach ($name in 'W1', 'B1', 'W2', 'B2') {
    $p = $net.GetParameter($name)
    Write-Host ("   {0}: {1}x{2}" -f $name, $p.GetLength(0), $p.GetLength(1))
}

Write-Host "4. Full-batch gradient descent, learning rate 0.1, $Iterations iterations" -ForegroundColor Cyan
Invoke-MnistTraining -Network $net -Data $train -BatchSize 0 -LearningRate 0.1 -Epochs $Iterations -NoShuffle -Seed $Seed |
    Where-Object { $_.Epoch % 50 -eq 0 -or $_.Epoch -eq 1 } |
    Format-Table Epoch, @{ n = 'Loss'; e = { '{0:F4}' -f $_.Loss } }, @{ n = 'TrainAccuracy'; e = { '{0:P2}' -f $_.Accuracy } } | Out-Host

Write-Host '5. Accuracy' -ForegroundColor Cyan
$trainResult = Test-MnistNetwork -Network $net -Data $train
$testResult = Test-MnistNetwork -Network $net -Data $test
Write-Host ("   training: {0:P2}   test (12,000 rows never trained on): {1:P2}" -f $trainResult.Accuracy, $testResult.Accuracy) -ForegroundColor Green
