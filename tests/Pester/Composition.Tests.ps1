# Results that read well at 80 columns, export cleanly and compose down the pipeline.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $PSStyle.OutputRendering = 'PlainText'
    $script:Test = Import-MnistData -Dataset Test | Select-Object -First 600
    $script:Net = New-MnistNetwork -Seed 1
    $script:Epochs = Invoke-MnistTraining -Network $Net -Data $Test -Epochs 2 -Seed 1 -ValidationFraction 0.2
    $script:Evaluation = Test-MnistNetwork -Network $Net -Data $Test
    $script:Predictions = $Test | Select-Object -First 50 | Get-MnistPrediction -Network $Net
    $script:ModelFile = Join-Path $TestDrive 'model.json'
    Export-MnistNetwork -Network $Net -Path $ModelFile

    # The lines of an object rendered with room to spare: at 80 columns nothing wraps or is cut when none is longer.
    function Get-RenderedLine($InputObject, [string] $Format) {
        ($InputObject | & $Format | Out-String -Width 1000) -split '\r?\n' | Where-Object { $_.Trim() }
    }
}

Describe 'Views at 80 columns' {
    BeforeDiscovery {
        $script:Types = @(
            @{ Name = 'MnistSample'; Get = { $Test | Select-Object -First 3 } }
            @{ Name = 'Network'; Get = { $Net } }
            @{ Name = 'DenseLayer'; Get = { $Net.Layers } }
            @{ Name = 'EpochResult'; Get = { $Epochs } }
            @{ Name = 'MnistPrediction'; Get = { $Predictions | Select-Object -First 3 } }
            @{ Name = 'EvaluationResult'; Get = { $Evaluation } }
            @{ Name = 'DigitMetrics'; Get = { $Evaluation.PerDigit } }
            @{ Name = 'MnistPreset'; Get = { Get-MnistPreset } }
            @{ Name = 'TrainingRun'; Get = { $Net.TrainingRuns } }
            @{ Name = 'TrainingRun after epoch records'; Get = { Invoke-MnistTraining -Network (New-MnistNetwork -Seed 5) -Data ($Test | Select-Object -First 100) -Epochs 1 -Seed 5 -Summary } }
            @{ Name = 'ForwardPass'; Get = { $Test | Select-Object -First 30 | Get-MnistActivation -Network $Net } }
            @{ Name = 'BackwardPass'; Get = { $Test | Select-Object -First 30 | Get-MnistGradient -Network $Net } }
            @{ Name = 'Quantity'; Get = { ($Test | Select-Object -First 30 | Get-MnistGradient -Network $Net).Quantities } }
            @{ Name = 'GradientCheckResult'; Get = { $Test | Select-Object -First 8 | Test-MnistGradient -Network $Net } }
        )
    }

    It '<Name> fits in Format-Table, Format-List and the default view' -ForEach $Types {
        $objects = & $Get
        foreach ($format in 'Format-Table', 'Format-List', 'Out-String') {
            $lines = Get-RenderedLine $objects $format
            $lines | Should -Not -BeNullOrEmpty
            $lines | Where-Object Length -gt 80 | Should -BeNullOrEmpty -Because "$format of $Name must fit 80 columns"
        }
    }

    It '<Name> reads as a useful one-liner in a string' -ForEach $Types {
        $text = "$(@(& $Get)[0])"
        $text | Should -Not -Match '^MnistPS\.'
        $text | Should -Not -Match 'System\.'
        $text.Length | Should -BeLessOrEqual 80
    }

    It 'shows a -Summary and a -PassThru network after the epoch records by their main properties, not every one' {
        $text = Invoke-MnistTraining -Network (New-MnistNetwork -Seed 5) -Data ($Test | Select-Object -First 100) -Epochs 2 -Seed 5 -ValidationFraction 0.2 -Summary -PassThru | Out-String -Width 80
        $text | Should -Match 'Outcome\s+: Completed'
        $text | Should -Match 'Options\s+: 2 epochs, batch 32'
        $text | Should -Match 'Architecture\s+: 784-20-10'
        $text | Should -Not -Match 'EngineVersion|HiddenSizes|BestValidationLoss'
    }

    It 'shows the confusion matrix without wrapping a row' {
        $lines = Get-RenderedLine $Evaluation 'Format-List'
        ($lines | Where-Object { $_ -match '^\s+\d\s+(\d+\s+){9}\d+$' }).Count | Should -Be 10
    }

    It 'shows a preset''s recipe in words in Format-List' {
        $text = Get-MnistPreset -Name Large | Format-List | Out-String -Width 80
        $text | Should -Match 'Training\s+: 30 epochs, batch 64, Momentum 0.9 at rate 0.05'
        $text | Should -Not -Match 'TrainingOptions|ReadOnlyCollection'
    }

    It 'emits written files as provider items, as Get-Item does' {
        $file = Export-MnistNetwork -Network $Net -Path (Join-Path $TestDrive 'passthru.json') -PassThru
        $file.PSProvider.Name | Should -Be 'FileSystem'
        $file.Length | Should -BeGreaterThan 0
        ($file | Format-Table | Out-String) | Should -Match '\d+ passthru\.json'
        $csv = $Test | Select-Object -First 2 | Export-MnistData -Path (Join-Path $TestDrive 'passthru.csv') -PassThru
        $csv.PSParentPath | Should -Not -BeNullOrEmpty
    }
}

Describe 'Exports of predictions and evaluations' {
    It 'writes predictions to CSV as flat columns that read back' {
        $path = Join-Path $TestDrive 'predictions.csv'
        $Predictions | Export-Csv -Path $path
        $header = (Get-Content $path -TotalCount 1) -replace '"', ''
        $header | Should -Be 'Index,Digit,Probability,Actual,Correct,Source,P0,P1,P2,P3,P4,P5,P6,P7,P8,P9'
        $back = Import-Csv $path
        $back.Count | Should -Be 50
        foreach ($i in 0, 17, 49) {
            [int]$back[$i].Digit | Should -Be $Predictions[$i].Digit
            [int]$back[$i].Actual | Should -Be $Predictions[$i].Actual
            [float]$back[$i].Probability | Should -Be $Predictions[$i].Probability
            foreach ($d in 0..9) { [float]$back[$i]."P$d" | Should -Be $Predictions[$i].GetProbabilities()[$d] }
        }
    }

    It 'writes a prediction to JSON without its pixels' {
        $json = $Predictions[0] | ConvertTo-Json
        $json.Length | Should -BeLessThan 1000
        $back = $json | ConvertFrom-Json
        $back.Digit | Should -Be $Predictions[0].Digit
        [float]$back.P7 | Should -Be $Predictions[0].P7
        $back.PSObject.Properties.Name | Should -Not -Contain 'Pixels'
    }

    It 'writes an evaluation to JSON with a 10x10 confusion matrix' {
        $back = $Evaluation | ConvertTo-Json -WarningAction Stop | ConvertFrom-Json
        $back.Accuracy | Should -Be $Evaluation.Accuracy
        $back.Loss | Should -Be $Evaluation.Loss
        $back.ConfusionMatrix.Count | Should -Be 10
        foreach ($a in 0..9) { $back.ConfusionMatrix[$a] | Should -Be @($Evaluation.ConfusionMatrix[$a]) }
        $back.PerDigit[3].Recall | Should -Be $Evaluation.PerDigit[3].Recall
    }

    It 'writes an evaluation to CSV with its figures and the matrix as JSON' {
        $path = Join-Path $TestDrive 'evaluation.csv'
        $Evaluation | Export-Csv -Path $path
        $back = Import-Csv $path
        [int]$back.Count, [int]$back.Correct | Should -Be $Evaluation.Count, $Evaluation.Correct
        [double]$back.Accuracy | Should -Be $Evaluation.Accuracy
        $matrix = $back.ConfusionMatrix | ConvertFrom-Json
        foreach ($a in 0..9) { $matrix[$a] | Should -Be @($Evaluation.ConfusionMatrix[$a]) }
        ($back.PerDigit | ConvertFrom-Json)[9].Support | Should -Be $Evaluation.PerDigit[9].Support
    }
}

Describe 'Predictions compose' {
    It 'exports the misread digits of a prediction run with Export-MnistData' {
        $path = Join-Path $TestDrive 'wrong.csv'
        $wrong = @($Test | Get-MnistPrediction -Network $Net | Where-Object { -not $_.Correct })
        $wrong.Count | Should -BeGreaterThan 0
        $Test | Get-MnistPrediction -Network $Net | Where-Object { -not $_.Correct } | Export-MnistData -Path $path
        $back = @(Import-MnistData -Path $path)
        $back.Count | Should -Be $wrong.Count
        $back[0].Label | Should -Be $wrong[0].Actual
        $back[0].Pixels | Should -Be $wrong[0].GetSample().Pixels
    }

    It 'tests a network on predictions as on their samples' {
        ($Predictions | Test-MnistNetwork -Network $Net).Correct | Should -Be (Test-MnistNetwork -Network $Net -Data ($Test | Select-Object -First 50)).Correct
    }

    It 'binds a network from the pipeline with -Data' {
        (Import-MnistNetwork -Path $ModelFile | Test-MnistNetwork -Data $Test).Correct | Should -Be $Evaluation.Correct
    }

    It 'takes a model file''s path as -Network' {
        (Test-MnistNetwork -Network $ModelFile -Data $Test).Correct | Should -Be $Evaluation.Correct
        ($Test | Select-Object -First 5 | Get-MnistPrediction -Network $ModelFile).Digit | Should -Be ($Predictions | Select-Object -First 5).Digit
    }

    It 'names a -Network path that is not a model file' {
        $bad = Join-Path $TestDrive 'not-a-model.json'
        Set-Content $bad '{ "format": "something else" }'
        { Test-MnistNetwork -Network $bad -Data $Test } | Should -Throw -ExpectedMessage "*not-a-model.json*"
    }
}

Describe 'Messages' {
    It 'names an engine setting without .NET''s parameter suffix' {
        $err = { Invoke-MnistTraining -Network (New-MnistNetwork -Seed 2) -Data ($Test | Select-Object -First 10) -Epochs 3 -WarmupEpochs 3 } | Should -Throw -PassThru
        $err.ToString() | Should -BeLike 'WarmupEpochs is 3; give 0 to 2*'
        $err.ToString() | Should -Not -Match "\(Parameter '"
    }

    It 'says a folder given as the file to write is a folder' {
        $folder = New-Item -ItemType Directory (Join-Path $TestDrive 'a-folder')
        $err = { Export-MnistNetwork -Network $Net -Path $folder.FullName -Force } | Should -Throw -PassThru
        $err.ToString() | Should -Match 'is a folder, not a file'
        $err.ToString() | Should -Not -Match 'denied'
    }

    It 'names the missing folder, not a temporary file' {
        $target = Join-Path $TestDrive 'missing/model.json'
        $err = { Export-MnistNetwork -Network $Net -Path $target } | Should -Throw -PassThru
        $err.ToString() | Should -Match "folder '.*missing' does not exist"
        $err.ToString() | Should -Not -Match '\.tmp'
        $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        { $Test | Select-Object -First 1 | Export-MnistData -Path (Join-Path $TestDrive 'missing/data.csv') } | Should -Throw -ExpectedMessage "*folder*missing' does not exist*"
    }
}

Describe 'One source for ranges and defaults' {
    It 'Invoke-MnistTraining accepts exactly what the engine accepts, at both ends of every range' {
        $map = @{ ThrottleLimit = 'MaxThreads' }
        $command = Get-Command Invoke-MnistTraining
        $checked = 0
        foreach ($parameter in $command.Parameters.Values) {
            $range = $parameter.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateRangeAttribute] }
            $setting = if ($map.ContainsKey($parameter.Name)) { $map[$parameter.Name] } else { $parameter.Name }
            if (-not $range -or -not [MnistPS.TrainingOptions].GetProperty($setting)) { continue }
            foreach ($value in $range.MinRange, $range.MaxRange) {
                $options = [MnistPS.TrainingOptions]::new()
                $options.GetType().GetProperty($setting).SetValue($options, ($value -as $parameter.ParameterType))
                if ($setting -eq 'WarmupEpochs') { $options.GetType().GetProperty('Epochs').SetValue($options, [int]$value + 1) }
                { $options.Validate() } | Should -Not -Throw -Because "-$($parameter.Name) $value is allowed by the cmdlet"
            }
            $beyond = [double]$range.MaxRange * 1.01 + 1e-9
            if ($parameter.ParameterType -eq [int] -and [double]$range.MaxRange -lt [int]::MaxValue) { $beyond = [int]$range.MaxRange + 1 }
            if ([double]$range.MaxRange -lt [int]::MaxValue) {
                $options = [MnistPS.TrainingOptions]::new()
                $options.GetType().GetProperty($setting).SetValue($options, ($beyond -as $parameter.ParameterType))
                { $options.Validate() } | Should -Throw -Because "the engine refuses -$($parameter.Name) $beyond as the cmdlet does"
            }
            $checked++
        }
        $checked | Should -BeGreaterOrEqual 12
    }

    It 'shows the engine''s defaults in help' {
        $defaults = [MnistPS.TrainingOptions]::new()
        foreach ($name in 'Epochs', 'BatchSize', 'LearningRate', 'Momentum', 'StepEpochs', 'StepFactor') {
            (Get-Help Invoke-MnistTraining -Parameter $name).defaultValue | Should -Be ([string]::Format([cultureinfo]::InvariantCulture, '{0}', $defaults.$name))
        }
        (Get-Help New-MnistNetwork -Parameter Initialization).defaultValue | Should -Be ([MnistPS.NetworkOptions]::new().Initialization.ToString())
    }
}
