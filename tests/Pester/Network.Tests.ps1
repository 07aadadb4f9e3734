BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Train = Import-MnistData -Dataset Train | Select-Object -First 10000
    $script:Test = Import-MnistData -Dataset Test | Select-Object -First 2000
}

Describe 'New-MnistNetwork' {
    It 'builds the tutorial''s 784-20-10 by default with its shapes visible' {
        $net = New-MnistNetwork -Initialization Uniform -Seed 1
        $net | Should -BeOfType MnistPS.Network
        $net.Architecture | Should -Be '784-20-10'
        $net.ParameterCount | Should -Be 15910
        $w1 = $net.Layers[0].Weights
        $w1.GetLength(0), $w1.GetLength(1) | Should -Be 20, 784
        $net.GetParameter('B1').GetLength(0) | Should -Be 20
        $net.GetParameter('W2').GetLength(1) | Should -Be 20
        $net.Layers[1].Activation | Should -Be 'Softmax'
    }

    It 'takes hidden sizes, activation and initialisation' {
        $net = New-MnistNetwork -HiddenLayerSize 32, 16 -Activation Tanh -Initialization Xavier -Seed 2
        $net.Architecture | Should -Be '784-32-16-10'
        $net.HiddenActivation | Should -Be 'Tanh'
        $net.Initialization | Should -Be 'Xavier'
    }

    It 'gives bit-identical weights for the same seed' {
        $a = New-MnistNetwork -Seed 5
        $b = New-MnistNetwork -Seed 5
        ($a.Layers[0].Weights -join ',') | Should -Be ($b.Layers[0].Weights -join ',')
        $a.Seed | Should -Be 5
    }

    It 'refuses <Case>' -ForEach @(
        @{ Case = 'a zero layer size'; Arguments = @{ HiddenLayerSize = 0 } }
        @{ Case = 'a negative layer size'; Arguments = @{ HiddenLayerSize = -5 } }
        @{ Case = 'a huge layer size'; Arguments = @{ HiddenLayerSize = 100000 } }
        @{ Case = 'softmax as hidden activation'; Arguments = @{ Activation = 'Softmax' } }
        @{ Case = 'an unknown initialisation'; Arguments = @{ Initialization = 'Zeros' } }
    ) {
        { New-MnistNetwork @Arguments } | Should -Throw -ExceptionType ([System.Management.Automation.ParameterBindingException])
    }
}

Describe 'Invoke-MnistTraining' {
    It 'streams one record per epoch and trains in place' {
        $net = New-MnistNetwork -Seed 1
        $records = $Train | Invoke-MnistTraining -Network $net -Epochs 3 -Seed 1
        $records.Count | Should -Be 3
        $records | ForEach-Object { $_ | Should -BeOfType MnistPS.EpochResult }
        $records.Epoch | Should -Be 1, 2, 3
        $records[2].Loss | Should -BeLessThan $records[0].Loss
        $records[0].SamplesPerSecond | Should -BeGreaterThan 0
        $net.EpochsTrained | Should -Be 3
        (Test-MnistNetwork -Network $net -Data $Test).Accuracy | Should -BeGreaterThan 0.85 # 86.5% measured (seeded)
    }

    It 'reports progress with Write-Progress while it trains' {
        $ps = [powershell]::Create()
        $null = $ps.AddScript({ param($ModulePath, $Data) Import-Module $ModulePath; Invoke-MnistTraining -Network (New-MnistNetwork -Seed 1) -Data $Data -Epochs 2 -Seed 1 }).AddArgument($ModulePath).AddArgument($Train)
        $records = $ps.Invoke()
        $records.Count | Should -Be 2
        $progress = @($ps.Streams.Progress)
        $ps.Dispose()
        $progress.Count | Should -BeGreaterThan 1
        $progress[0].StatusDescription | Should -BeLike 'Epoch 1 of 2, batch * of 313, loss *'
        $progress[-1].RecordType | Should -Be 'Completed'
    }

    It 'emits each record before the next epoch runs' {
        $net = New-MnistNetwork -Seed 1
        $trained = [System.Collections.Generic.List[int]]::new()
        Invoke-MnistTraining -Network $net -Data $Train -Epochs 3 -Seed 1 | ForEach-Object { $trained.Add($net.EpochsTrained) }
        $trained | Should -Be 1, 2, 3
    }

    It 'reports validation accuracy and emits the network with -PassThru' {
        $net = New-MnistNetwork -Seed 2
        $out = Invoke-MnistTraining -Network $net -Data $Train -ValidationData $Test -Epochs 1 -Seed 2 -PassThru
        $out[0].ValidationAccuracy | Should -BeGreaterThan 0.85
        $out[-1] | Should -Be $net
    }

    It 'is reproducible with a seed, whatever the thread count' {
        $a = New-MnistNetwork -Seed 3
        $b = New-MnistNetwork -Seed 3
        $ra = Invoke-MnistTraining -Network $a -Data $Train -Epochs 1 -Seed 3 -ThrottleLimit 1
        $rb = Invoke-MnistTraining -Network $b -Data $Train -Epochs 1 -Seed 3 -ThrottleLimit 2
        $ra.Loss | Should -Be $rb.Loss
        ($a.Layers[0].Weights -join ',') | Should -Be ($b.Layers[0].Weights -join ',')
    }

    It 'runs the tutorial''s full-batch gradient descent' {
        $net = New-MnistNetwork -Initialization Uniform -Seed 4
        $records = Invoke-MnistTraining -Network $net -Data ($Train | Select-Object -First 2000) -BatchSize 0 -Epochs 20 -NoShuffle -Seed 4
        $records.Count | Should -Be 20
        $records[-1].Loss | Should -BeLessThan $records[0].Loss
    }

    It 'refuses <Case> before any work' -ForEach @(
        @{ Case = 'zero epochs'; Arguments = @{ Epochs = 0 } }
        @{ Case = 'negative epochs'; Arguments = @{ Epochs = -1 } }
        @{ Case = 'a negative batch size'; Arguments = @{ BatchSize = -1 } }
        @{ Case = 'a zero learning rate'; Arguments = @{ LearningRate = 0 } }
        @{ Case = 'a negative learning rate'; Arguments = @{ LearningRate = -0.1 } }
        @{ Case = 'an unknown optimizer'; Arguments = @{ Optimizer = 'Newton' } }
    ) {
        $net = New-MnistNetwork -Seed 1
        { Invoke-MnistTraining -Network $net -Data $Test @Arguments } | Should -Throw -ExceptionType ([System.Management.Automation.ParameterBindingException])
        $net.EpochsTrained | Should -Be 0
    }

    It 'refuses a NaN learning rate with InvalidArgument' {
        $net = New-MnistNetwork -Seed 1
        $err = { Invoke-MnistTraining -Network $net -Data $Test -LearningRate ([float]::NaN) } | Should -Throw -PassThru
        $err.FullyQualifiedErrorId | Should -BeIn 'InvalidArgument,MnistPS.Commands.InvokeMnistTrainingCommand', 'ParameterArgumentValidationError,MnistPS.Commands.InvokeMnistTrainingCommand'
        $err.Exception.Message | Should -Match 'LearningRate'
        $net.EpochsTrained | Should -Be 0
    }

    It 'refuses a batch larger than the data' {
        $net = New-MnistNetwork -Seed 1
        $err = { Invoke-MnistTraining -Network $net -Data ($Test | Select-Object -First 10) -BatchSize 32 } | Should -Throw -PassThru -ErrorId 'InvalidArgument,MnistPS.Commands.InvokeMnistTrainingCommand'
        $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
        $err.Exception.Message | Should -BeLike '*only 10 training samples*'
    }

    It 'refuses unlabelled training data' {
        $unlabelled = $Test | Select-Object -First 40 | ForEach-Object { [MnistPS.MnistSample]::new([byte[]]$_.Pixels, $null, $null, -1) }
        { Invoke-MnistTraining -Network (New-MnistNetwork) -Data $unlabelled } | Should -Throw -ErrorId 'InvalidArgument,MnistPS.Commands.InvokeMnistTrainingCommand'
    }

    It 'stops a diverging run with TrainingDiverged and keeps finite weights' {
        $net = New-MnistNetwork -HiddenLayerSize 64, 64 -Seed 1
        $err = { Invoke-MnistTraining -Network $net -Data $Test -LearningRate 1e6 -Epochs 20 -Seed 1 } | Should -Throw -PassThru -ErrorId 'TrainingDiverged,MnistPS.Commands.InvokeMnistTrainingCommand'
        $err.CategoryInfo.Category | Should -Be 'InvalidResult'
        $err.Exception.Message | Should -BeLike '*Lower the learning rate*'
        $net.Layers | ForEach-Object { $_.Weights | Where-Object { [float]::IsNaN($_) -or [float]::IsInfinity($_) } } | Should -BeNullOrEmpty
        ($Test | Select-Object -First 1 | Get-MnistPrediction -Network $net).Probability | Should -BeGreaterThan 0
    }
}
