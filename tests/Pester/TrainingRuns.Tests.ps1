BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Data = Import-MnistData -Dataset Test | Select-Object -First 1000
    $script:Check = Import-MnistData -Dataset Test | Select-Object -Skip 5000 -First 300

    # A number read back from a log: CSV gives invariant text, ConvertFrom-Json gives the number itself.
    function ConvertTo-Number([object] $Value, [type] $Type = [double]) {
        if ($Value -is [string]) { $Type::Parse($Value, [cultureinfo]::InvariantCulture) } else { $Value -as $Type }
    }

    # The lines of an object rendered at 80 columns, without the blank lines around it.
    function Get-Rendered([object] $InputObject, [string] $Format) {
        @(($InputObject | & $Format | Out-String -Width 80) -split '\r?\n' | Where-Object { $_.Trim() })
    }
}

Describe 'Invoke-MnistTraining -Summary' {
    It 'emits a TrainingRun after the epoch records that agrees with them' {
        $net = New-MnistNetwork -HiddenLayerSize 64 -Seed 9
        $small = Import-MnistData -Dataset Train | Select-Object -First 300
        $check = Import-MnistData -Dataset Train | Select-Object -Skip 40000 -First 1000
        $out = Invoke-MnistTraining -Network $net -Data $small -ValidationData $check -Epochs 60 -LearningRate 0.3 -Patience 3 -Seed 9 -Summary -PassThru
        $records = @($out | Where-Object { $_ -is [MnistPS.EpochResult] })
        $run = $out[-2]
        $out[-1] | Should -Be $net
        $run | Should -BeOfType MnistPS.TrainingRun
        $run.Outcome | Should -Be 'StoppedEarly'
        $run.FirstEpoch, $run.LastEpoch, $run.EpochsRun | Should -Be 1, $records[-1].Epoch, $records.Count
        $run.KeptEpoch | Should -Be $net.EpochsTrained
        $kept = $records | Where-Object Epoch -EQ $run.KeptEpoch
        $run.Loss | Should -Be $kept.Loss
        $run.ValidationAccuracy | Should -Be $kept.ValidationAccuracy
        $run.BestEpoch | Should -Be $run.KeptEpoch
        $run.BestValidationLoss | Should -Be ($records.ValidationLoss | Measure-Object -Minimum).Minimum
        $run.TrainingSamples, $run.ValidationSamples | Should -Be 300, 1000
        $run.TrainingSource | Should -Be 'train-images-idx3-ubyte.gz'
        $run.Seed | Should -Be 9
        $run.Options.LearningRate | Should -Be ([single] 0.3)
        $run.Options.Patience | Should -Be 3
        $run.StartTime.Kind | Should -Be 'Utc'
        $run.EngineVersion | Should -BeLike '0.1.0*'
        $net.TrainingRuns.Count | Should -Be 1
        $net.TrainingRuns[0] | Should -Be $run
    }

    It 'is not emitted without -Summary, but the network remembers the run anyway' {
        $net = New-MnistNetwork -Seed 1
        $out = Invoke-MnistTraining -Network $net -Data $Data -Epochs 2 -Seed 1 -ValidationFraction 0.2
        $out | ForEach-Object { $_ | Should -BeOfType MnistPS.EpochResult }
        $run = $net.TrainingRuns[0]
        $run.TrainingSamples, $run.ValidationSamples | Should -Be 800, 200
        $run.Options.ValidationFraction | Should -Be ([single] 0.2)
        $run.Outcome | Should -Be 'Completed'
    }

    It 'renders at 80 columns without wrapping, in a table, a list and a string' {
        $net = New-MnistNetwork -Seed 1
        $run = Invoke-MnistTraining -Network $net -Data $Data -ValidationData $Check -Epochs 2 -Seed 1 -Optimizer Momentum -LearningRate 0.05 -Schedule Step -StepEpochs 1 -WarmupEpochs 1 -L2 1e-4 -Dropout 0.1 -MaxShift 1 -MaxRotation 10 -Patience 5 -Summary | Select-Object -Last 1
        $table = Get-Rendered $run Format-Table
        $table.Count | Should -Be 3 -Because 'a header, its underline and one row'
        $table | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
        $table[2] | Should -Not -Match '…' -Because 'every value fits its column'
        $table[2] | Should -Match '^\s+1-2\s+\d\s+1,000\s'
        $list = Get-Rendered $run Format-List
        $list | ForEach-Object { $_.Length | Should -BeLessOrEqual 80 }
        $list | ForEach-Object { $_ | Should -Match '^\w+\s*: ' -Because 'each item on one line' }
        ($list -join "`n") | Should -Match 'Validation\s+: 300 samples from t10k-images-idx3-ubyte.gz'
        ($list -join "`n") | Should -Match 'Optimizer\s+: Momentum 0.9, batch 32, shuffled'
        ($list -join "`n") | Should -Match 'Regularisation : L2 0.0001, dropout 0.1, shift 1 px, rotation 10 deg, patience 5'
        "$run" | Should -Match '^Epochs 1-2 on 1,000 samples( \(kept \d\))?: validation \d+\.\d\d ?%, loss \d\.\d{4}$'
        "$run".Length | Should -BeLessOrEqual 70
    }
}

Describe 'Models that remember how they were trained' {
    It 'saves the runs in the model file, and Import-MnistNetwork shows them' {
        $net = New-MnistNetwork -Seed 2
        $null = Invoke-MnistTraining -Network $net -Data $Data -Epochs 2 -Seed 2
        $null = Invoke-MnistTraining -Network $net -Data ($Data | Select-Object -First 500) -Epochs 1 -Optimizer Adam -LearningRate 0.001 -Seed 3
        $path = Join-Path $TestDrive 'trained.json'
        $net | Export-MnistNetwork -Path $path
        $back = Import-MnistNetwork -Path $path
        $back.TrainingRuns.Count | Should -Be 2
        $back.TrainingRuns[1].FirstEpoch | Should -Be 3
        $back.TrainingRuns[1].Options.Optimizer | Should -Be 'Adam'
        $back.TrainingRuns[1].TrainingSamples | Should -Be 500
        $back.TrainingRuns[0].Loss | Should -Be $net.TrainingRuns[0].Loss
        $back.TrainingRuns[0].StartTime | Should -Be $net.TrainingRuns[0].StartTime
        $shown = $back | Format-List | Out-String -Width 80
        $shown | Should -Match 'TrainingRuns\s+: Epochs 1-2 on 1,000 samples: accuracy'
        $json = Get-Content $path -Raw | ConvertFrom-Json
        $json.version | Should -Be 1
        $json.trainingRuns[0].options.seed | Should -Be 2
        $json.trainingRuns[0].trainingSource | Should -Be 't10k-images-idx3-ubyte.gz'
    }

    It 'loads a model file written before runs were recorded' {
        $w1 = (0..(784 * 2 - 1) | ForEach-Object { (($_ % 7) - 3) / 100 }) -join ','
        $w2 = (0..19 | ForEach-Object { (($_ % 5) - 2) / 10 }) -join ','
        $path = Join-Path $TestDrive 'old.json'
        Set-Content -Path $path -Value ('{"format":"MnistPS.Network","version":1,"architecture":"784-2-10","inputSize":784,"hiddenActivation":"ReLU","initialization":"He","seed":3,"epochsTrained":4,' +
            '"layers":[{"inputs":784,"outputs":2,"activation":"ReLU","weights":[' + $w1 + '],"biases":[0.5,-0.25]},{"inputs":2,"outputs":10,"activation":"Softmax","weights":[' + $w2 + '],"biases":[0,0,0,0,0,0,0,0,0,0]}]}')
        $net = Import-MnistNetwork -Path $path
        $net.EpochsTrained | Should -Be 4
        $net.TrainingRuns.Count | Should -Be 0
        $null = Invoke-MnistTraining -Network $net -Data $Data -Epochs 1 -Seed 1
        $net.TrainingRuns[0].FirstEpoch | Should -Be 5
    }

    It 'refuses a bad training run as InvalidModelFile naming the run and the field' {
        $net = New-MnistNetwork -Seed 2
        $null = Invoke-MnistTraining -Network $net -Data $Data -Epochs 1 -Seed 2
        $path = Join-Path $TestDrive 'bad-run.json'
        $net | Export-MnistNetwork -Path $path
        (Get-Content $path -Raw) -replace '"learningRate":0.1,', '"learningRate":-5,' | Set-Content $path
        $result = Import-MnistNetwork -Path $path -ErrorAction SilentlyContinue -ErrorVariable errors
        $result | Should -BeNullOrEmpty
        $errors[0].FullyQualifiedErrorId | Should -Be 'InvalidModelFile,MnistPS.Commands.ImportMnistNetworkCommand'
        $errors[0].Exception.Message | Should -BeLike '*bad-run.json: training run 1, options: "learningRate" is -5; give a finite rate above 0*'
    }
}

Describe 'Invoke-MnistTraining -LogPath' {
    It 'writes each epoch to <Name> as the epoch ends, equal to the records, whatever the culture' -ForEach @(
        @{ Name = 'log.csv' }
        @{ Name = 'log.jsonl' }
    ) {
        $path = Join-Path $TestDrive $Name
        $read = if ($Name -like '*.csv') { { @(Import-Csv -LiteralPath $path) } } else { { @(Get-Content -LiteralPath $path | ConvertFrom-Json) } }
        $culture = [cultureinfo]::CurrentCulture
        [cultureinfo]::CurrentCulture = 'de-DE'
        try {
            $net = New-MnistNetwork -Seed 1
            $seen = [System.Collections.Generic.List[int]]::new()
            $records = Invoke-MnistTraining -Network $net -Data $Data -ValidationData $Check -Epochs 3 -Seed 1 -LogPath $path |
                ForEach-Object { $seen.Add((& $read).Count); $_ }
        } finally {
            [cultureinfo]::CurrentCulture = $culture
        }
        $seen | Should -Be 1, 2, 3 -Because 'each record is in the file by the time it reaches the pipeline'
        $lines = & $read
        $lines.Count | Should -Be 3
        foreach ($i in 0..2) {
            $r = $records[$i]
            $l = $lines[$i]
            [int] $l.Epoch | Should -Be $r.Epoch
            ConvertTo-Number $l.Loss | Should -Be $r.Loss
            ConvertTo-Number $l.ValidationAccuracy | Should -Be $r.ValidationAccuracy
            ConvertTo-Number $l.Seconds | Should -Be $r.Duration.TotalSeconds
            ConvertTo-Number $l.LearningRate ([single]) | Should -Be $r.LearningRate
            "$($l.IsBest)" | Should -Be "$($r.IsBest)"
        }
    }

    It 'appends a second run to the same log, so its epochs number on' {
        Push-Location $TestDrive
        try {
            $net = New-MnistNetwork -Seed 1
            $null = Invoke-MnistTraining -Network $net -Data $Data -Epochs 2 -Seed 1 -LogPath ./both.csv
            $null = Invoke-MnistTraining -Network $net -Data $Data -Epochs 2 -Seed 2 -LogPath ./both.csv
        } finally {
            Pop-Location
        }
        (Import-Csv (Join-Path $TestDrive 'both.csv')).Epoch | Should -Be 1, 2, 3, 4
    }

    It 'refuses <Case> before training, leaving the network untouched' -ForEach @(
        @{ Case = 'a .json file'; Name = 'log.json'; Content = $null; Id = 'InvalidArgument'; Message = '*Name it .jsonl*' }
        @{ Case = 'a file that is not a log'; Name = 'data.csv'; Content = 'label,pixel0'; Id = 'InvalidArgument'; Message = '*the file exists and is not a training log in CSV*' }
        @{ Case = 'a missing folder'; Name = 'no/such/folder/log.csv'; Content = $null; Id = 'WriteFailed'; Message = '*does not exist. Create it first*' }
    ) {
        $path = Join-Path $TestDrive $Name
        if ($Content) { Set-Content -Path $path -Value $Content }
        $net = New-MnistNetwork -Seed 1
        $err = { Invoke-MnistTraining -Network $net -Data $Data -Epochs 1 -LogPath $path } | Should -Throw -PassThru -ErrorId "$Id,MnistPS.Commands.InvokeMnistTrainingCommand"
        $err.Exception.Message | Should -BeLike $Message
        $net.EpochsTrained | Should -Be 0
        $net.TrainingRuns.Count | Should -Be 0
        if ($Content) { Get-Content $path | Should -Be $Content }
    }
}

Describe 'The exploding-loss warning' {
    It 'warns once, at once, naming the learning rate and a value to try' {
        $net = New-MnistNetwork -Seed 1
        $records = Invoke-MnistTraining -Network $net -Data $Data -Epochs 3 -LearningRate 1e5 -Seed 1 -WarningVariable warnings -WarningAction SilentlyContinue
        $records.Count | Should -Be 3 -Because 'the loss stays finite, so training is not stopped'
        $records | ForEach-Object { $_.Loss | Should -BeGreaterThan 1000 }
        @($warnings).Count | Should -Be 1
        "$($warnings[0])" | Should -BeLike 'The training loss is exploding: * in epoch 1, batch *, against 2.30 for a network that guesses. The learning rate (100000) is likely too high for Sgd with batches of 32; try 0.1.'
    }

    It 'stops there with -WarningAction Stop' {
        $net = New-MnistNetwork -Seed 1
        { Invoke-MnistTraining -Network $net -Data $Data -Epochs 3 -LearningRate 1e5 -Seed 1 -WarningAction Stop } | Should -Throw '*exploding*'
        $net.EpochsTrained | Should -Be 0
    }

    It 'does not warn when training works' {
        $net = New-MnistNetwork -Seed 1
        $null = Invoke-MnistTraining -Network $net -Data $Data -Epochs 3 -Seed 1 -WarningVariable warnings
        @($warnings).Count | Should -Be 0
    }
}
