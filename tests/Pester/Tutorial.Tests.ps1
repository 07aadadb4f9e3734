# The tutorial's quantities from PowerShell: forward pass, gradients, a learner's own update, the gradient check.
BeforeAll {
    . (Join-Path $PSScriptRoot 'Common.ps1')
    $script:Batch = Import-MnistData -Dataset Test | Select-Object -First 200
    $script:Net = New-MnistNetwork -Seed 4
    $Batch | Invoke-MnistTraining -Network $Net -Epochs 1 -Seed 4 | Out-Null
}

Describe 'Get-MnistActivation' {
    It 'gives Z1, A1, Z2, A2 in the tutorial''s shapes, A2 agreeing with Get-MnistPrediction' {
        $pass = $Batch | Select-Object -First 12 | Get-MnistActivation -Network $Net
        $pass | Should -BeOfType MnistPS.ForwardPass
        $pass.Quantities.Name | Should -Be 'Z1', 'A1', 'Z2', 'A2'
        $pass.Z1.GetLength(0), $pass.Z1.GetLength(1) | Should -Be 20, 12
        $pass.A2.GetLength(0), $pass.A2.GetLength(1) | Should -Be 10, 12
        $predictions = $Batch | Select-Object -First 12 | Get-MnistPrediction -Network $Net
        $pass.Digits | Should -Be $predictions.Digit
        foreach ($i in 0, 11) {
            [math]::Abs((0..9 | ForEach-Object { $pass.A2[$_, $i] } | Measure-Object -Sum).Sum - 1) | Should -BeLessThan 1e-5
            $pass.A2[7, $i] | Should -Be $predictions[$i].P7
        }
        $pass.Loss | Should -Be (Test-MnistNetwork -Network $Net -Data ($Batch | Select-Object -First 12)).Loss
    }

    It 'continues with Z3 and A3 for a deeper network, and takes unlabelled samples' {
        $deep = New-MnistNetwork -HiddenLayerSize 16, 8 -Activation Tanh -Seed 1
        $path = Join-Path $TestDrive 'nolabel.csv'
        $Batch | Select-Object -First 3 | Export-MnistData -Path $path -NoLabel
        $pass = Import-MnistData -Path $path | Get-MnistActivation -Network $deep
        $pass.Quantities.Shape | Should -Be '16x3', '16x3', '8x3', '8x3', '10x3', '10x3'
        $pass.Loss | Should -BeNullOrEmpty
    }
}

Describe 'Get-MnistGradient and SetParameter' {
    It 'is the step of plain full-batch gradient descent, to float32 rounding' {
        $rate = 0.5
        $grad = Get-MnistGradient -Network $Net -Data $Batch
        $grad.Quantities.Name | Should -Be 'dZ2', 'dW2', 'dB2', 'dZ1', 'dW1', 'dB1'
        $grad.dW1.GetLength(0), $grad.dW1.GetLength(1) | Should -Be 20, 784
        $grad.dZ1.GetLength(1) | Should -Be 200
        $path = Join-Path $TestDrive 'start.json'
        Export-MnistNetwork -Network $Net -Path $path
        $byHand = Import-MnistNetwork -Path $path
        $trained = Import-MnistNetwork -Path $path
        foreach ($name in 'W1', 'B1', 'W2', 'B2') {
            $p = $byHand.GetParameter($name); $g = $grad."d$name"
            for ($r = 0; $r -lt $p.GetLength(0); $r++) { for ($c = 0; $c -lt $p.GetLength(1); $c++) { $p[$r, $c] -= $rate * $g[$r, $c] } }
            $byHand.SetParameter($name, $p)
        }
        Invoke-MnistTraining -Network $trained -Data $Batch -BatchSize 0 -Epochs 1 -NoShuffle -LearningRate $rate | Out-Null
        foreach ($name in 'W1', 'B1', 'W2', 'B2') {
            $a = $byHand.GetParameter($name); $b = $trained.GetParameter($name)
            $worst = 0.0
            for ($r = 0; $r -lt $a.GetLength(0); $r++) { for ($c = 0; $c -lt $a.GetLength(1); $c += 7) { $worst = [math]::Max($worst, [math]::Abs($a[$r, $c] - $b[$r, $c])) } }
            $worst | Should -BeLessThan 1e-5 -Because "$name by hand is the trainer's $name"
        }
    }

    It 'lets the learner''s loop in the help train from chance to above 85 % on 1,000 digits' {
        $code = (Get-Help Get-MnistGradient -Examples).Examples.Example[1].Code
        ($code -split "`n").Count | Should -BeLessOrEqual 20
        $table = & ([scriptblock]::Create($code))
        $table.Step | Should -Be 0, 20, 40, 60, 80, 100
        $table[0].Accuracy | Should -BeLessThan 0.2
        $table[-1].Accuracy | Should -BeGreaterThan 0.85
        for ($i = 1; $i -lt $table.Count; $i++) { $table[$i].Loss | Should -BeLessThan $table[$i - 1].Loss }
    }

    It 'refuses a value of the wrong shape, naming the parameter and the shape it needs' {
        { $Net.SetParameter('W1', [float[,]]::new(784, 20)) } | Should -Throw -ExpectedMessage '*W1 is 20x784; the value given is 784x20*'
        { $Net.SetParameter('W9', $Net.GetParameter('W1')) } | Should -Throw -ExpectedMessage "*'W9' is not a parameter*"
    }

    It 'refuses unlabelled samples' {
        $path = Join-Path $TestDrive 'unlabelled.csv'
        $Batch | Select-Object -First 2 | Export-MnistData -Path $path -NoLabel
        { Import-MnistData -Path $path | Get-MnistGradient -Network $Net } | Should -Throw -ErrorId 'InvalidArgument,MnistPS.Commands.GetMnistGradientCommand'
    }
}

Describe 'Test-MnistGradient' {
    It 'passes for a <Activation> network of two hidden layers' -ForEach @(@{ Activation = 'ReLU' }, @{ Activation = 'Sigmoid' }, @{ Activation = 'Tanh' }) {
        $net = New-MnistNetwork -HiddenLayerSize 16, 8 -Activation $Activation -Seed 3
        $results = $Batch | Select-Object -First 8 | Test-MnistGradient -Network $net -Entries 30 -Seed 1
        $results.Parameter | Should -Be 'W1', 'B1', 'W2', 'B2', 'W3', 'B3'
        $results | Where-Object { -not $_.Passed } | Should -BeNullOrEmpty
        $results[0].Checked | Should -Be 30
        ($results | Measure-Object MaxRelativeError -Maximum).Maximum | Should -BeLessThan 1e-3
    }
}
