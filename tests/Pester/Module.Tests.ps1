BeforeDiscovery {
    $script:Cmdlets = @(foreach ($n in 'Export-MnistData', 'Export-MnistImage', 'Export-MnistNetwork', 'Export-MnistPlot', 'Get-MnistActivation', 'Get-MnistGradient', 'Get-MnistPrediction', 'Get-MnistPreset', 'Import-MnistData', 'Import-MnistImage', 'Import-MnistNetwork', 'Invoke-MnistTraining', 'New-MnistNetwork', 'Show-MnistImage', 'Test-MnistGradient', 'Test-MnistNetwork') { @{ Name = $n } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Expected = 'Export-MnistData', 'Export-MnistImage', 'Export-MnistNetwork', 'Export-MnistPlot', 'Get-MnistActivation', 'Get-MnistGradient', 'Get-MnistPrediction', 'Get-MnistPreset', 'Import-MnistData', 'Import-MnistImage', 'Import-MnistNetwork', 'Invoke-MnistTraining', 'New-MnistNetwork', 'Show-MnistImage', 'Test-MnistGradient', 'Test-MnistNetwork'
}

Describe 'The MnistPS module' {
    It 'imports in a fresh pwsh without warnings or errors' {
        $output = Invoke-FreshPwsh "Import-Module '$ModulePath' 3>&1 2>&1; 'imported'"
        $output | Should -Be 'imported'
    }

    It 'exports exactly its cmdlets' {
        (Get-Command -Module MnistPS).Name | Sort-Object | Should -Be $Expected
    }

    It 'targets PowerShell 7.4+ Core and ships its data' {
        $manifest = Import-PowerShellDataFile $ModulePath
        $manifest.CompatiblePSEditions | Should -Be 'Core'
        $manifest.PowerShellVersion | Should -Be '7.4'
        $manifest.PrivateData.PSData.Tags | Should -Contain 'MNIST'
        Join-Path (Split-Path $ModulePath) 'data/train-images-idx3-ubyte.gz' | Should -Exist
    }

    It 'declares an output type on every cmdlet' -ForEach $Cmdlets {
        (Get-Command $Name).OutputType | Should -Not -BeNullOrEmpty
    }

    It 'has a default view for every output type' {
        $views = [xml](Get-Content -Raw (Join-Path (Split-Path $ModulePath) 'MnistPS.Format.ps1xml'))
        $formatted = $views.Configuration.ViewDefinitions.View.ViewSelectedBy.TypeName
        foreach ($type in 'MnistPS.MnistSample', 'MnistPS.Network', 'MnistPS.DenseLayer', 'MnistPS.EpochResult', 'MnistPS.MnistPrediction', 'MnistPS.EvaluationResult', 'MnistPS.DigitMetrics', 'MnistPS.MnistPreset') {
            $formatted | Should -Contain $type
        }
    }

    It 'has about_MnistPS' {
        Get-Help about_MnistPS | Out-String | Should -Match 'MnistPS'
    }
}

Describe 'Help for <Name>' -ForEach $Cmdlets {
    BeforeAll {
        $script:Help = Get-Help $Name -Full
        $script:Common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
    }

    It 'has a synopsis and a description' {
        $Help.Synopsis | Should -Not -BeNullOrEmpty
        $Help.Synopsis | Should -Not -Match "^\s*$Name"
        ($Help.Description | Out-String).Trim().Length | Should -BeGreaterThan 80
    }

    It 'describes every parameter' {
        foreach ($parameter in (Get-Command $Name).Parameters.Keys | Where-Object { $_ -notin $Common }) {
            $entry = $Help.Parameters.Parameter | Where-Object Name -eq $parameter
            $entry | Should -Not -BeNullOrEmpty -Because "-$parameter needs help"
            ($entry.Description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "-$parameter needs a description"
        }
    }

    It 'shows the syntax Get-Command -Syntax shows, -WhatIf and -Confirm included' {
        $PSStyle.OutputRendering = 'PlainText'
        $fromHelp = ($Help.Syntax | Out-String -Width 2000) -split '\r?\n' | ForEach-Object Trim | Where-Object { $_ }
        $fromCommand = (Get-Command $Name -Syntax) -split '\r?\n' | ForEach-Object Trim | Where-Object { $_ }
        $fromHelp | Should -Be $fromCommand
    }

    It 'gives a default value for every optional parameter' {
        foreach ($parameter in $Help.Parameters.Parameter | Where-Object Required -eq 'false') {
            "$($parameter.DefaultValue)" | Should -Not -BeNullOrEmpty -Because "-$($parameter.Name) is optional"
        }
    }

    It 'has at least two examples' {
        @($Help.Examples.Example).Count | Should -BeGreaterOrEqual 2
    }
}
