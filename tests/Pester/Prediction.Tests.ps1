BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Net = New-MnistNetwork -Seed 1
    Import-MnistData -Dataset Train | Select-Object -First 20000 | Invoke-MnistTraining -Network $Net -Epochs 2 -Seed 1 | Out-Null
}

Describe 'Get-MnistPrediction' {
    It 'streams one prediction per sample in input order' {
        $predictions = Import-MnistData -Dataset Test | Select-Object -First 5 | Get-MnistPrediction -Network $Net
        $predictions.Count | Should -Be 5
        $predictions | ForEach-Object { $_ | Should -BeOfType MnistPS.MnistPrediction }
        $predictions.Index | Should -Be 0, 1, 2, 3, 4
        $predictions.Actual | Should -Be 7, 2, 1, 0, 4
        $probabilities = $predictions[0].GetProbabilities()
        $probabilities.Count | Should -Be 10
        $predictions[0].P0, $predictions[0].P9 | Should -Be $probabilities[0], $probabilities[9]
        [Math]::Abs(($probabilities | Measure-Object -Sum).Sum - 1) | Should -BeLessThan 1e-5
        $predictions[0].Probability | Should -Be ($probabilities | Measure-Object -Maximum).Maximum
        $predictions[0].Digit | Should -Be ([array]::IndexOf($probabilities, $predictions[0].Probability))
    }

    It 'agrees with Test-MnistNetwork over 1,000 digits' {
        $samples = Import-MnistData -Dataset Test | Select-Object -First 1000
        $correct = @($samples | Get-MnistPrediction -Network $Net | Where-Object Correct).Count
        (Test-MnistNetwork -Network $Net -Data $samples).Correct | Should -Be $correct
    }

    It 'predicts unlabelled samples without correctness' {
        $path = Join-Path $TestDrive 'test.csv'
        Import-MnistData -Dataset Test | Select-Object -First 3 | Export-MnistData -Path $path -NoLabel
        $predictions = Import-MnistData -Path $path | Get-MnistPrediction -Network $Net
        $predictions.Count | Should -Be 3
        $predictions | Where-Object { $null -ne $_.Correct -or $null -ne $_.Actual } | Should -BeNullOrEmpty
    }

    It 'predicts a mix of labelled and unlabelled samples' {
        $labelled = Import-MnistData -Dataset Test | Select-Object -First 1
        $unlabelled = [MnistPS.MnistSample]::new([byte[]]$labelled.Pixels, $null, $null, 1)
        $predictions = $labelled, $unlabelled | Get-MnistPrediction -Network $Net
        $predictions.Count | Should -Be 2
        $predictions[0].Correct | Should -Not -BeNullOrEmpty
        $predictions[1].Correct | Should -Be $null
        $predictions[1].Digit | Should -Be $predictions[0].Digit
    }

    It 'makes a Kaggle submission with Select-Object and Export-Csv' {
        $path = Join-Path $TestDrive 'submission.csv'
        Import-MnistData -Dataset Test | Select-Object -First 3 | Get-MnistPrediction -Network $Net |
            Select-Object @{ n = 'ImageId'; e = { $_.Index + 1 } }, @{ n = 'Label'; e = { $_.Digit } } |
            Export-Csv -Path $path -UseQuotes Never
        Get-Content $path | Should -Be 'ImageId,Label', '1,7', '2,2', '3,1'
    }
}

Describe 'Test-MnistNetwork' {
    It 'measures accuracy, loss, confusion matrix and per-digit scores' {
        $result = Import-MnistData -Dataset Test | Test-MnistNetwork -Network $Net
        $result | Should -BeOfType MnistPS.EvaluationResult
        $result.Count | Should -Be 10000
        $result.Accuracy | Should -BeGreaterThan 0.9
        $result.Loss | Should -BeGreaterThan 0
        $result.ConfusionMatrix.Count, $result.ConfusionMatrix[9].Count | Should -Be 10, 10
        ($result.ConfusionMatrix | ForEach-Object { $_ } | Measure-Object -Sum).Sum | Should -Be 10000
        $result.PerDigit.Count | Should -Be 10
        ($result.PerDigit | Measure-Object Support -Sum).Sum | Should -Be 10000
        ($result | Out-String) | Should -Match 'act\\pred'
    }

    It 'refuses unlabelled data' {
        $path = Join-Path $TestDrive 'nolabel.csv'
        Import-MnistData -Dataset Test | Select-Object -First 3 | Export-MnistData -Path $path -NoLabel
        { Import-MnistData -Path $path | Test-MnistNetwork -Network $Net } | Should -Throw -ErrorId 'InvalidArgument,MnistPS.Commands.TestMnistNetworkCommand'
    }

    It 'refuses no data' {
        { @() | Test-MnistNetwork -Network $Net } | Should -Throw -ErrorId 'NoData,MnistPS.Commands.TestMnistNetworkCommand'
    }
}

Describe 'Show-MnistImage' {
    It 'draws <Count> digits with their labels' -ForEach @(@{ Count = 3 }) {
        $pictures = Import-MnistData -Dataset Test | Select-Object -First $Count | Show-MnistImage
        $pictures.Count | Should -Be 3
        $lines = $pictures[0] -split "`n"
        $lines.Count | Should -Be 29
        $lines[0] | Should -BeLike '#0  label: 7*'
        $lines[1].Length | Should -Be 56
        $pictures[1] | Should -BeLike '#1  label: 2*'
    }

    It 'draws ASCII with -AsciiOnly' {
        $picture = Import-MnistData -Dataset Test | Select-Object -First 1 | Show-MnistImage -AsciiOnly
        $picture | Should -Match '#'
        $picture | Should -Not -Match '[^\x00-\x7F]'
    }

    It 'draws the sample of a prediction' {
        $picture = Import-MnistData -Dataset Test | Select-Object -First 1 | Get-MnistPrediction -Network $Net | Show-MnistImage
        $picture | Should -BeLike '#0  label: 7*'
    }
}
