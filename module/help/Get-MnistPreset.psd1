@{
    Synopsis    = 'Lists the named recipes that New-MnistNetwork -Preset and Invoke-MnistTraining -Preset apply.'
    Description = @'
Get-MnistPreset writes one MnistPreset per named recipe: its Name, the Architecture it builds, a Description of the training, and the Network and Training options themselves. Build a preset's network with New-MnistNetwork -Preset <Name> and train it with Invoke-MnistTraining -Preset <Name>; any parameter given as well overrides the recipe.

Measured with seed 42 on all 60,000 training images, tested on the 10,000 MNIST test images: Tutorial, the NumPy tutorial's method (784-20-10, full-batch gradient descent), 86.46% in 26 s; Small, the same 784-20-10 trained well, 96.99% in 7 s; Large, 784-800-10 with dropout and augmentation, 98.89% in 16 s; Best, 784-1200-10 with elastic distortions for 250 epochs, 99.30% in 223 s (2 cores). examples/Measure-MnistPresets.ps1 in the module folder reproduces them; the README has the details.
'@
    Parameters  = @{
        Name = 'The presets to get: Tutorial, Small, Large, Best. All by default.'
    }
    Inputs      = @(@{ Type = 'None'; Description = 'This cmdlet takes no pipeline input.' })
    Outputs     = @(@{ Type = 'MnistPS.MnistPreset'; Description = 'One per preset.' })
    Examples    = @(
        @{
            Code    = 'Get-MnistPreset'
            Remarks = 'Lists the recipes.'
        }
        @{
            Code    = '(Get-MnistPreset -Name Large).Training | Select-Object Epochs, BatchSize, LearningRate, Optimizer, Schedule, Dropout, MaxShift, MaxRotation'
            Remarks = 'Shows the training settings of the Large recipe.'
        }
    )
}
