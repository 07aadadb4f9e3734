@{
    Synopsis    = 'Shows the back propagation of the tutorial: dZ2, dW2, dB2, dZ1, dW1, dB1 over some labelled samples.'
    Description = @'
Get-MnistGradient computes the gradients of the mean cross-entropy loss over the labelled samples it receives, in the tutorial's names and shapes, from the output layer down: dZ2 = A2 - Y (10xm, Y the one-hot labels), dW2 = 1/m dZ2 A1^T (10x20), dB2 = 1/m sum(dZ2) (10x1), dZ1 = W2^T dZ2 * g'(Z1) (20xm), dW1 = 1/m dZ1 X^T (20x784), dB1 = 1/m sum(dZ1) (20x1). Deeper networks start from dZ3 and go down the same way.

dW and dB are computed by the trainer's own back propagation, exactly the gradients Invoke-MnistTraining applies: subtracting the learning rate times dW and dB from the weights (GetParameter, then SetParameter) gives the network that one plain full-batch gradient-descent step (-BatchSize 0 -Epochs 1 -NoShuffle, Sgd, no L2) gives on the same samples, to float32 rounding (PowerShell subtracts in double precision). SetParameter takes float[,] or double[,] arrays. dZ, per sample as the tutorial writes it, follows from the forward pass by the formulas above.

The matrices are properties named as in the tutorial ($grad.dW1, float[,] arrays); the result shows each one's shape and range. Test-MnistGradient checks them against finite differences.
'@
    Parameters  = @{
        Network     = 'The network, or the path of a model file to load. With -Data, the network may come from the pipeline.'
        InputObject = 'Labelled samples (or predictions) from the pipeline: m in the formulas.'
        Data        = 'Labelled samples, as an array (instead of the pipeline).'
    }
    Inputs      = @(
        @{ Type = 'MnistPS.MnistSample'; Description = 'Labelled samples.' }
        @{ Type = 'MnistPS.MnistPrediction'; Description = 'Predictions, as the samples they were made from.' }
    )
    Outputs     = @(@{ Type = 'MnistPS.BackwardPass'; Description = 'Count, Loss, Quantities, and one property per quantity (dZ2, dW2, dB2, dZ1, dW1, dB1, ...) holding its matrix.' })
    Examples    = @(
        @{
            Code    = @'
$net = New-MnistNetwork -Seed 1
Import-MnistData -Dataset Test | Select-Object -First 100 | Get-MnistGradient -Network $net
'@
            Remarks = 'The gradients of the loss over 100 test digits, with their shapes: dW1 is 20x784, like W1.'
        }
        @{
            Code    = @'
$net = New-MnistNetwork -Seed 1
$digits = Import-MnistData -Dataset Train | Select-Object -First 1000
$alpha = 0.5
foreach ($step in 0..100) {
    if ($step % 20 -eq 0) {
        $result = Test-MnistNetwork -Network $net -Data $digits
        [pscustomobject]@{ Step = $step; Loss = $result.Loss; Accuracy = $result.Accuracy }
    }
    if ($step -eq 100) { break }
    $grad = Get-MnistGradient -Network $net -Data $digits
    foreach ($name in 'W1', 'B1', 'W2', 'B2') {
        $p = $net.GetParameter($name)
        $d = $grad."d$name"
        for ($r = 0; $r -lt $p.GetLength(0); $r++) {
            for ($c = 0; $c -lt $p.GetLength(1); $c++) { $p[$r, $c] -= $alpha * $d[$r, $c] }
        }
        $net.SetParameter($name, $p)
    }
}
'@
            Remarks = 'The tutorial''s gradient descent written by hand, W = W - alpha dW one parameter at a time, for 100 full-batch steps on 1,000 training digits: the table shows the loss falling and the training accuracy rising from about 10 % to above 85 %. Each step is what Invoke-MnistTraining -BatchSize 0 -Epochs 1 -NoShuffle -Optimizer Sgd does.'
        }
    )
}
