<#
.SYNOPSIS
    Trains a grid of networks in parallel (on this machine, or over PowerShell remoting on several) and returns
    one table sorted by test accuracy.
.DESCRIPTION
    Every combination of -HiddenLayerSize, -LearningRate and -Seed is one run: build the network, train it on the
    first -TrainingSamples of the shipped training images, measure it on the 10,000 test images. Runs go to
    ForEach-Object -Parallel on this machine, or with -ComputerName to Invoke-Command on those machines (each needs
    PowerShell 7.4+ and MnistPS installed; the runs are dealt out in turn). Each result carries its trained network:
    networks come back from runspaces and from remoting as live MnistPS networks, ready for Export-MnistNetwork or
    Get-MnistPrediction.
.EXAMPLE
    ./Invoke-MnistSweep.ps1 -HiddenLayerSize 20, 64 -LearningRate 0.05, 0.1 -Seed 1, 2 -Epochs 3
.EXAMPLE
    ./Invoke-MnistSweep.ps1 -HiddenLayerSize 100, 300 -ComputerName gpu1, gpu2 -Epochs 10 | Select-Object -First 1 -ExpandProperty Network | Export-MnistNetwork -Path ./best.json
#>
[CmdletBinding()]
param(
    # Hidden layer widths to try (one hidden layer each).
    [ValidateRange(1, 65536)]
    [int[]] $HiddenLayerSize = @(20, 64),

    # Learning rates to try (plain SGD, batch 32).
    [ValidateRange(1e-6, 10)]
    [float[]] $LearningRate = @(0.05, 0.1),

    # Seeds to try: each gives other initial weights and another shuffling order.
    [int[]] $Seed = @(1, 2),

    # Epochs per run.
    [ValidateRange(1, 1000)]
    [int] $Epochs = 3,

    # Training images per run: the first N of the 60,000.
    [ValidateRange(100, 60000)]
    [int] $TrainingSamples = 60000,

    # Runs at once on this machine (default: one per core); each run trains on one thread.
    [ValidateRange(1, 256)]
    [int] $ThrottleLimit = [Environment]::ProcessorCount,

    # Machines to run on over PowerShell remoting instead of this one.
    [string[]] $ComputerName
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$module = Join-Path $PSScriptRoot '../MnistPS.psd1'
Import-Module $module

$grid = foreach ($size in $HiddenLayerSize) { foreach ($rate in $LearningRate) { foreach ($s in $Seed) {
    [pscustomobject]@{ HiddenLayerSize = $size; LearningRate = $rate; Seed = $s }
} } }

# One run, as text: it starts in a fresh runspace or on another machine, where it imports MnistPS itself.
$run = {
    param($Spec, $Epochs, $TrainingSamples, $ModulePath)
    Import-Module $ModulePath
    $train = Import-MnistData -Dataset Train | Select-Object -First $TrainingSamples
    $net = New-MnistNetwork -HiddenLayerSize $Spec.HiddenLayerSize -Seed $Spec.Seed
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $last = Invoke-MnistTraining -Network $net -Data $train -Epochs $Epochs -LearningRate $Spec.LearningRate -Seed $Spec.Seed -ThrottleLimit 1 | Select-Object -Last 1
    $result = Import-MnistData -Dataset Test | Test-MnistNetwork -Network $net
    [pscustomobject]@{
        HiddenLayerSize = $Spec.HiddenLayerSize
        LearningRate    = $Spec.LearningRate
        Seed            = $Spec.Seed
        TrainLoss       = [math]::Round($last.Loss, 4)
        TestAccuracy    = $result.Accuracy
        Seconds         = [math]::Round($clock.Elapsed.TotalSeconds, 1)
        Computer        = [Environment]::MachineName
        Network         = $net
    }
}.ToString()

$results = if ($ComputerName) {
    # Deal the runs out in turn, one remoting job per machine; there MnistPS is imported by name.
    $jobs = for ($i = 0; $i -lt [math]::Min($ComputerName.Count, $grid.Count); $i++) {
        $share = for ($j = $i; $j -lt $grid.Count; $j += $ComputerName.Count) { $grid[$j] }
        Invoke-Command -ComputerName $ComputerName[$i] -AsJob -ArgumentList (, @($share)), $Epochs, $TrainingSamples, $run -ScriptBlock {
            param($Specs, $Epochs, $TrainingSamples, $Run)
            foreach ($spec in $Specs) { & ([scriptblock]::Create($Run)) $spec $Epochs $TrainingSamples 'MnistPS' }
        }
    }
    $jobs | Receive-Job -Wait -AutoRemoveJob
} else {
    $grid | ForEach-Object -ThrottleLimit $ThrottleLimit -Parallel {
        & ([scriptblock]::Create($using:run)) $_ $using:Epochs $using:TrainingSamples $using:module
    }
}

$results | Sort-Object TestAccuracy -Descending
