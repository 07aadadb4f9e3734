@{
    Synopsis    = 'Lists the named recipes that New-MnistNetwork -Preset and Invoke-MnistTraining -Preset apply.'
    Description = @'
Get-MnistPreset writes one MnistPreset per named recipe: its Name, the Architecture it builds, a Description of the training, and the Network and Training options themselves. Build a preset's network with New-MnistNetwork -Preset <Name> and train it with Invoke-MnistTraining -Preset <Name>; any parameter given as well overrides the recipe.

Tutorial is the NumPy tutorial's method (784-20-10, full-batch gradient descent). Small trains the same 784-20-10 well (about 97% on the MNIST test set). Large is a 784-800-10 network with dropout and augmentation (about 98.5% or more). The README lists the measured figures and times, and examples/Measure-MnistPresets.ps1 reproduces them.
'@
    Parameters  = @{
        Name = 'The presets to get: Tutorial, Small, Large. All by default.'
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
