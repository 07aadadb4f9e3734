# Objects that leave the process (Start-Job, Export-Clixml, runspaces) come back usable.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $PSStyle.OutputRendering = 'PlainText'
    $script:Test = Import-MnistData -Dataset Test | Select-Object -First 300
    $script:FromJob = Start-Job -ArgumentList (Resolve-Path $ModulePath).Path -ScriptBlock {
        param($Module)
        Import-Module $Module
        $test = Import-MnistData -Dataset Test | Select-Object -First 300
        $net = New-MnistNetwork -HiddenLayerSize 16, 8 -Seed 3
        $epochs = Invoke-MnistTraining -Network $net -Data $test -Epochs 2 -Seed 3
        @{
            Network     = $net
            Epochs      = $epochs
            Evaluation  = Test-MnistNetwork -Network $net -Data $test
            Predictions = $test | Get-MnistPrediction -Network $net
            Samples     = $test | Select-Object -First 3
        }
    } | Receive-Job -Wait -AutoRemoveJob
}

Describe 'Objects from Start-Job' {
    It 'brings a trained network back live, predicting exactly as in the job' {
        $FromJob.Network | Should -BeOfType MnistPS.Network
        $FromJob.Network.Architecture | Should -Be '784-16-8-10'
        $FromJob.Network.EpochsTrained | Should -Be 2
        $here = $Test | Get-MnistPrediction -Network $FromJob.Network
        $here.Count | Should -Be 300
        $here.Digit | Should -Be $FromJob.Predictions.Digit
        foreach ($d in 0..9) { $here."P$d" | Should -Be $FromJob.Predictions."P$d" -Because "P$d of every image is identical" }
    }

    It 'brings an evaluation back live, with its matrix and table' {
        $FromJob.Evaluation | Should -BeOfType MnistPS.EvaluationResult
        $FromJob.Evaluation.Correct | Should -Be (Test-MnistNetwork -Network $FromJob.Network -Data $Test).Correct
        $FromJob.Evaluation.Loss | Should -Be (Test-MnistNetwork -Network $FromJob.Network -Data $Test).Loss
        $FromJob.Evaluation.GetConfusionTable() | Should -Match 'act\\pred'
    }

    It 'keeps epoch records and predictions readable in their views' {
        $FromJob.Epochs[1].Loss | Should -BeLessThan $FromJob.Epochs[0].Loss
        $table = $FromJob.Epochs | Format-Table | Out-String -Width 1000
        $table | Should -Match 'ValAccuracy'
        ($table -split '\r?\n' | Where-Object Length -gt 80) | Should -BeNullOrEmpty
        ($FromJob.Predictions[0] | Format-List | Out-String) | Should -Match 'P5\.\.P9'
    }

    It 'brings samples back as samples' {
        $FromJob.Samples[0] | Should -BeOfType MnistPS.MnistSample
        $FromJob.Samples[0].Pixels | Should -Be $Test[0].Pixels
        ($FromJob.Samples | Get-MnistPrediction -Network $FromJob.Network).Digit | Should -Be $FromJob.Predictions[0..2].Digit
    }
}

Describe 'Copies and runspaces' {
    It 'round-trips a network through Export-Clixml' {
        $path = Join-Path $TestDrive 'net.xml'
        $net = New-MnistNetwork -Seed 9
        $net | Export-Clixml $path
        $back = Import-Clixml $path
        $back | Should -BeOfType MnistPS.Network
        ($Test[0..9] | Get-MnistPrediction -Network $back).P3 | Should -Be ($Test[0..9] | Get-MnistPrediction -Network $net).P3
    }

    It 'says what is missing from a copy made without MnistPS''s type data' {
        $copy = [pscustomobject]@{ Architecture = '784-20-10' }
        $copy.PSObject.TypeNames.Insert(0, 'Deserialized.MnistPS.Network')
        { $Test[0] | Get-MnistPrediction -Network $copy } | Should -Throw -ExpectedMessage '*carries no model*'
    }

    It 'trains in ForEach-Object -Parallel runspaces (Invoke-MnistSweep.ps1)' {
        $sweep = Join-Path (Split-Path $ModulePath) 'examples/Invoke-MnistSweep.ps1'
        $results = & $sweep -HiddenLayerSize 8 -LearningRate 0.1, 0.05 -Seed 1 -Epochs 1 -TrainingSamples 500 -ThrottleLimit 2
        $results.Count | Should -Be 2
        $results[0].TestAccuracy | Should -BeGreaterOrEqual $results[1].TestAccuracy
        $results[0].Network | Should -BeOfType MnistPS.Network
        (Test-MnistNetwork -Network $results[0].Network -Data (Import-MnistData -Dataset Test)).Accuracy | Should -Be $results[0].TestAccuracy
    }
}
