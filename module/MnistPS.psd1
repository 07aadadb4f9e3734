@{
    RootModule           = 'MnistPS.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '6f1d3c52-8a47-4e0b-9c1e-2b7a5d9e4f13'
    Author               = 'MnistPS contributors'
    CompanyName          = 'MnistPS'
    Copyright            = '(c) 2026 MnistPS contributors. MIT licence.'
    Description          = 'Recognise handwritten digits (MNIST) from PowerShell: import digits, build a neural network from scratch, train, evaluate and predict, with typed objects on the pipeline.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    RequiredAssemblies   = @('MnistPS.Core.dll', 'MnistPS.dll')
    TypesToProcess       = @('MnistPS.Types.ps1xml')
    FormatsToProcess     = @('MnistPS.Format.ps1xml')
    CmdletsToExport      = @(
        'Get-MnistActivation'
        'Get-MnistGradient'
        'Test-MnistGradient'
        'Import-MnistData'
        'Import-MnistImage'
        'Export-MnistData'
        'Export-MnistImage'
        'Export-MnistPlot'
        'New-MnistNetwork'
        'Invoke-MnistTraining'
        'Get-MnistPrediction'
        'Get-MnistPreset'
        'Test-MnistNetwork'
        'Export-MnistNetwork'
        'Import-MnistNetwork'
        'Show-MnistImage'
    )
    FunctionsToExport    = @()
    VariablesToExport    = @()
    AliasesToExport      = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('MNIST', 'NeuralNetwork', 'MachineLearning', 'DeepLearning', 'Digits', 'Classification', 'PSEdition_Core', 'Linux', 'Windows', 'MacOS')
            LicenseUri   = 'https://opensource.org/licenses/MIT'
            # No ProjectUri: the project has no public address yet.
            # In the built module (out/MnistPS) build.ps1 puts this version's section of CHANGELOG.md here.
            ReleaseNotes = 'See CHANGELOG.md.'
        }
    }
}
