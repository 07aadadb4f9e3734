BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Train = Import-MnistData -Dataset Train | Select-Object -First 4000
}

Describe 'Get-MnistPreset' {
    It 'lists the recipes' {
        $presets = Get-MnistPreset
        $presets.Name | Should -Be 'Tutorial', 'Small', 'Large', 'Best'
        $presets | ForEach-Object { $_ | Should -BeOfType MnistPS.MnistPreset }
        (Get-MnistPreset -Name Large).Architecture | Should -Be '784-800-10'
        (Get-MnistPreset -Name Best).Architecture | Should -Be '784-1200-10'
        (Get-MnistPreset -Name Best).Training.ElasticAlpha | Should -Be 34
        (Get-MnistPreset Tutorial).Training.BatchSize | Should -Be 0
        (Get-MnistPreset | Out-String) | Should -Match 'Tutorial'
    }
}

Describe 'Presets and the training options beyond the tutorial' {
    It 'builds a preset''s network, and given parameters override it' {
        (New-MnistNetwork -Preset Large -Seed 1).Architecture | Should -Be '784-800-10'
        (New-MnistNetwork -Preset Tutorial -Seed 1).Initialization | Should -Be 'Uniform'
        (New-MnistNetwork -Preset Large -HiddenLayerSize 30 -Seed 1).Architecture | Should -Be '784-30-10'
    }

    It 'trains with a preset''s recipe, overridden by given parameters' {
        $net = New-MnistNetwork -Preset Small -Seed 2
        $records = Invoke-MnistTraining -Network $net -Data $Train -Preset Small -Epochs 3 -Seed 2
        $records.Count | Should -Be 3
        $records[0].ValidationAccuracy | Should -Not -BeNullOrEmpty -Because 'the Small recipe holds out a twelfth'
        $records[0].LearningRate | Should -BeGreaterThan $records[2].LearningRate -Because 'the cosine schedule decays'
        @($records | Where-Object IsBest).Count | Should -BeGreaterThan 0
    }

    It 'stops early, says so, and keeps the best epoch' {
        $net = New-MnistNetwork -HiddenLayerSize 64 -Seed 9
        $small = $Train | Select-Object -First 300
        $check = Import-MnistData -Dataset Train | Select-Object -Skip 40000 -First 1000
        $records = Invoke-MnistTraining -Network $net -Data $small -ValidationData $check -Epochs 60 -LearningRate 0.3 -Patience 3 -Seed 9 -Verbose 4>&1
        $verbose = $records | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $epochs = $records | Where-Object { $_ -is [MnistPS.EpochResult] }
        $epochs.Count | Should -BeLessThan 60
        ($verbose.Message -join "`n") | Should -Match 'Stopped early'
        $best = $epochs | Where-Object IsBest | Select-Object -Last 1
        $net.EpochsTrained | Should -Be $best.Epoch
    }

    It 'holds out -ValidationFraction of the training samples' {
        $net = New-MnistNetwork -Seed 3
        $record = Invoke-MnistTraining -Network $net -Data $Train -Epochs 1 -ValidationFraction 0.25 -Seed 3
        $record.Samples | Should -Be 3000
        $record.ValidationAccuracy | Should -BeGreaterThan 0.5
    }

    It 'trains with dropout, augmentation and a step schedule' {
        $net = New-MnistNetwork -HiddenLayerSize 64 -Seed 4
        $records = Invoke-MnistTraining -Network $net -Data $Train -Epochs 3 -Dropout 0.2 -MaxShift 2 -MaxRotation 10 -Schedule Step -StepEpochs 1 -StepFactor 0.5 -Seed 4
        $records.LearningRate | Should -Be ([float]0.1), ([float]0.05), ([float]0.025)
        (Import-MnistData -Dataset Test | Select-Object -First 1000 | Test-MnistNetwork -Network $net).Accuracy | Should -BeGreaterThan 0.8
    }

    It 'distorts elastically, records the setting in the run, and stays seeded' {
        $first = New-MnistNetwork -HiddenLayerSize 32 -Seed 5
        $run = Invoke-MnistTraining -Network $first -Data $Train -Epochs 2 -ElasticAlpha 34 -ElasticSigma 4 -MaxShift 1 -Seed 5 -Summary | Select-Object -Last 1
        $run.Options.ElasticAlpha | Should -Be 34
        "$($run.Options)" | Should -BeLike '*elastic alpha 34 sigma 4*'
        $second = New-MnistNetwork -HiddenLayerSize 32 -Seed 5
        $null = Invoke-MnistTraining -Network $second -Data $Train -Epochs 2 -ElasticAlpha 34 -MaxShift 1 -Seed 5 -ThrottleLimit 1
        foreach ($name in 'W1', 'B1', 'W2', 'B2') {
            [float[]]@($second.GetParameter($name)) | Should -Be ([float[]]@($first.GetParameter($name))) -Because "$name is seeded"
        }
        $warning = Invoke-MnistTraining -Network $second -Data ($Train | Select-Object -First 100) -Epochs 1 -ElasticSigma 6 -Seed 5 3>&1 | Where-Object { $_ -is [System.Management.Automation.WarningRecord] }
        "$warning" | Should -BeLike '*-ElasticSigma has no effect without -ElasticAlpha*'
        # It still learns: two epochs of strong distortion on 32 hidden units reach 79.2 % with this seed (chance is 10 %).
        (Import-MnistData -Dataset Test | Select-Object -First 1000 | Test-MnistNetwork -Network $first).Accuracy | Should -BeGreaterThan 0.75
    }

    It 'refuses <Case>' -ForEach @(
        @{ Case = 'a dropout of 1'; Arguments = @{ Dropout = 1 }; Binding = $true }
        @{ Case = 'a shift of 9 pixels'; Arguments = @{ MaxShift = 9 }; Binding = $true }
        @{ Case = 'a rotation of 90 degrees'; Arguments = @{ MaxRotation = 90 }; Binding = $true }
        @{ Case = 'an elastic scale of 200 pixels'; Arguments = @{ ElasticAlpha = 200 }; Binding = $true }
        @{ Case = 'an elastic width of half a pixel'; Arguments = @{ ElasticAlpha = 34; ElasticSigma = 0.5 }; Binding = $true }
        @{ Case = 'an unknown schedule'; Arguments = @{ Schedule = 'Linear' }; Binding = $true }
        @{ Case = 'an unknown preset'; Arguments = @{ Preset = 'Huge' }; Binding = $true }
        @{ Case = 'a warm-up as long as the run'; Arguments = @{ Epochs = 2; WarmupEpochs = 2 }; Binding = $false }
        @{ Case = 'early stopping without validation'; Arguments = @{ Patience = 2 }; Binding = $false }
    ) {
        $net = New-MnistNetwork -Seed 1
        if ($Binding) {
            { Invoke-MnistTraining -Network $net -Data $Train @Arguments } | Should -Throw -ExceptionType ([System.Management.Automation.ParameterBindingException])
        } else {
            { Invoke-MnistTraining -Network $net -Data $Train @Arguments } | Should -Throw -ErrorId 'InvalidArgument,MnistPS.Commands.InvokeMnistTrainingCommand'
        }
        $net.EpochsTrained | Should -Be 0
    }
}
