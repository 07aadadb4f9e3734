<#
.SYNOPSIS
    Trains each preset with a fixed seed and reports its accuracy on the 10,000 MNIST test images.
.DESCRIPTION
    The evidence behind the figures in the README and in Get-MnistPreset. For each preset: build its network
    (New-MnistNetwork -Preset), train it on the 60,000 shipped training images with its recipe
    (Invoke-MnistTraining -Preset; the Small, Large and Best recipes hold out a twelfth of those for validation,
    Small and Large keeping the best epoch and Best its last), then measure it once on the 10,000 test images, which are never used for training, tuning or
    early stopping. Prints the epoch table of each run and a summary table at the end.
.EXAMPLE
    ./Measure-MnistPresets.ps1
.EXAMPLE
    ./Measure-MnistPresets.ps1 -Name Small -Seed 7
#>
[CmdletBinding()]
param(
    # The presets to measure; all by default.
    [ValidateSet('Tutorial', 'Small', 'Large', 'Best')]
    [string[]] $Name = @('Tutorial', 'Small', 'Large', 'Best'),

    # Seed of the weights and of the training.
    [int] $Seed = 42,

    # Where to save each trained network (mnist-<preset>.json); nothing is saved when empty.
    [string] $OutputFolder
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module (Join-Path $PSScriptRoot '../MnistPS.psd1')

$train = Import-MnistData -Dataset Train
$test = Import-MnistData -Dataset Test
$summary = foreach ($preset in $Name) {
    $recipe = Get-MnistPreset -Name $preset
    Write-Host "`n$preset ($($recipe.Architecture)): $($recipe.Description)" -ForegroundColor Cyan
    $net = New-MnistNetwork -Preset $preset -Seed $Seed
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $records = Invoke-MnistTraining -Network $net -Data $train -Preset $preset -Seed $Seed
    $clock.Stop()
    $shown = if ($records.Count -gt 40) { $records | Where-Object { $_.Epoch % 50 -eq 0 -or $_.Epoch -eq 1 } } else { $records }
    $shown | Format-Table | Out-Host
    $result = Test-MnistNetwork -Network $net -Data $test
    if ($OutputFolder) {
        $null = New-Item -ItemType Directory -Path $OutputFolder -Force
        Export-MnistNetwork -Network $net -Path (Join-Path $OutputFolder "mnist-$($preset.ToString().ToLowerInvariant()).json") -Force
    }
    [pscustomobject]@{
        Preset          = $preset
        Architecture    = $net.Architecture
        Epochs          = $records.Count
        KeptEpoch       = $net.EpochsTrained
        TestAccuracy    = '{0:P2}' -f $result.Accuracy
        Correct         = "$($result.Correct) / $($result.Count)"
        TrainingSeconds = [math]::Round($clock.Elapsed.TotalSeconds, 1)
    }
}

Write-Host "`nTest accuracy on the 10,000 MNIST test images (seed $Seed):" -ForegroundColor Green
$summary | Format-Table -AutoSize | Out-Host
