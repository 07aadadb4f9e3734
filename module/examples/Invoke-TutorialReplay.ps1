<#
.SYNOPSIS
    Replays the NumPy tutorial step by step with MnistPS.
.DESCRIPTION
    1. Writes a Kaggle-style train.csv (label,pixel0..pixel783) of 42,000 digits with Export-MnistData.
    2. Imports it, takes the first 30,000 rows to train and the other 12,000 to test.
    3. Builds 784-20-10 with the tutorial's initialisation (uniform in [-0.5, 0.5), zero biases) and shows W1, B1, W2, B2.
    4. Opens one step up: the forward pass of one sample (Z1, A1, Z2, A2), the gradients over the training rows
       (dZ2, dW2, dB2, dZ1, dW1, dB1), one gradient-descent update done by hand in PowerShell, and checks it against
       the trainer's own step.
    5. Trains by full-batch gradient descent (learning rate 0.1, 500 iterations), reporting every 50 iterations.
    6. Reports training and test accuracy.
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

Write-Host '4. One step, opened up' -ForegroundColor Cyan
$pass = $train[0] | Get-MnistActivation -Network $net
Write-Host "   Forward pass of sample 0 (label $($train[0].Label)):"
foreach ($q in $pass.Quantities) { Write-Host ('     {0} {1,-6} min {2,8:F4}  max {3,8:F4}' -f $q.Name, $q.Shape, $q.Min, $q.Max) }
Write-Host ("   A2 (its probabilities, summing to 1): {0}" -f ((0..9 | ForEach-Object { '{0:F2}' -f $pass.A2[$_, 0] }) -join ' '))
$grad = Get-MnistGradient -Network $net -Data $train
Write-Host "   Back propagation over the $($train.Count) training rows (loss $('{0:F4}' -f $grad.Loss)):"
foreach ($q in $grad.Quantities) { Write-Host ('     {0,-3} {1,-9} min {2,8:F4}  max {3,8:F4}' -f $q.Name, $q.Shape, $q.Min, $q.Max) }
$path = Join-Path $WorkFolder 'start.json'
Export-MnistNetwork -Network $net -Path $path -Force
$byTrainer = Import-MnistNetwork -Path $path
Write-Host '   The update by hand: W1 = W1 - 0.1 dW1, B1 = B1 - 0.1 dB1, W2 = W2 - 0.1 dW2, B2 = B2 - 0.1 dB2'
foreach ($name in 'W1', 'B1', 'W2', 'B2') {
    $p = $net.GetParameter($name); $g = $grad."d$name"
    for ($r = 0; $r -lt $p.GetLength(0); $r++) { for ($c = 0; $c -lt $p.GetLength(1); $c++) { $p[$r, $c] -= 0.1 * $g[$r, $c] } }
    $net.SetParameter($name, $p)
}
Invoke-MnistTraining -Network $byTrainer -Data $train -BatchSize 0 -LearningRate 0.1 -Epochs 1 -NoShuffle -Seed $Seed | Out-Null
foreach ($name in 'W1', 'B1', 'W2', 'B2') {
    $a = $net.GetParameter($name); $b = $byTrainer.GetParameter($name); $worst = 0.0
    for ($r = 0; $r -lt $a.GetLength(0); $r++) { for ($c = 0; $c -lt $a.GetLength(1); $c++) { $worst = [math]::Max($worst, [math]::Abs($a[$r, $c] - $b[$r, $c])) } }
    Write-Host ('   {0} by hand against the trainer''s step: largest difference {1:E1}' -f $name, $worst)
}

Write-Host "5. Full-batch gradient descent, learning rate 0.1, $Iterations more iterations" -ForegroundColor Cyan
Invoke-MnistTraining -Network $net -Data $train -BatchSize 0 -LearningRate 0.1 -Epochs $Iterations -NoShuffle -Seed $Seed |
    Where-Object { $_.Epoch % 50 -eq 0 -or $_.Epoch -eq 1 -or $_.Epoch -eq $_.Epochs } |
    Format-Table Epoch, @{ n = 'Loss'; e = { '{0:F4}' -f $_.Loss } }, @{ n = 'TrainAccuracy'; e = { '{0:P2}' -f $_.Accuracy } } | Out-Host

Write-Host '6. Accuracy' -ForegroundColor Cyan
$trainResult = Test-MnistNetwork -Network $net -Data $train
$testResult = Test-MnistNetwork -Network $net -Data $test
Write-Host ("   training: {0:P2}   test (12,000 rows never trained on): {1:P2}" -f $trainResult.Accuracy, $testResult.Accuracy) -ForegroundColor Green
