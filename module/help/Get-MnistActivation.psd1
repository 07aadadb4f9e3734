@{
    Synopsis    = 'Shows the forward pass of the tutorial: Z1, A1, Z2, A2 for some samples, in its names and shapes.'
    Description = @'
Get-MnistActivation runs the network forward over the samples it receives and keeps every quantity the tutorial names: Z1 = W1 X + B1 and A1 = g(Z1) for the hidden layer (g is ReLU, Sigmoid or Tanh), then Z2 = W2 A1 + B2 and A2 = softmax(Z2). Rows are units and columns are samples, as in the tutorial: for the default 784-20-10 network and N samples, Z1 and A1 are 20xN, Z2 and A2 are 10xN. Deeper networks go on with Z3, A3 and so on. Pixels are scaled to 0..1 before they reach W1 (X = pixels / 255).

The result shows each quantity's shape and its smallest, mean and largest entry; the matrices themselves are properties named as in the tutorial ($pass.Z1, $pass.A2, float[,] arrays indexed [unit, sample]), and $pass.Quantities holds them with their summaries (ToGrid() prints one as a grid). A2's columns sum to 1, and each column's most probable digit is what Get-MnistPrediction returns: the forward pass is the prediction code itself, stopped after each layer. With labelled samples, Loss is the mean cross-entropy.

A pass keeps at most 64 Mi entries (2 x samples x units over all layers): use up to a few thousand samples.
'@
    Parameters  = @{
        Network     = 'The network, or the path of a model file to load. With -Data, the network may come from the pipeline.'
        InputObject = 'Samples (or predictions, which carry theirs) from the pipeline; the columns of every matrix, in order.'
        Data        = 'Samples, as an array (instead of the pipeline).'
    }
    Inputs      = @(
        @{ Type = 'MnistPS.MnistSample'; Description = 'Samples, labelled or not.' }
        @{ Type = 'MnistPS.MnistPrediction'; Description = 'Predictions, as the samples they were made from.' }
    )
    Outputs     = @(@{ Type = 'MnistPS.ForwardPass'; Description = 'Count, Loss (with labels), Digits, Quantities, and one property per quantity (Z1, A1, Z2, A2, ...) holding its matrix.' })
    Examples    = @(
        @{
            Code    = @'
$net = New-MnistNetwork -Seed 1
$pass = Import-MnistData -Dataset Test | Select-Object -First 5 | Get-MnistActivation -Network $net
$pass
$pass.A2.GetLength(0), $pass.A2.GetLength(1)
'@
            Remarks = 'The forward pass of five test digits through an untrained 784-20-10 network: Z1 and A1 are 20x5, Z2 and A2 are 10x5.'
        }
        @{
            Code    = @'
$net = New-MnistNetwork -Seed 1
$pass = Import-MnistData -Dataset Test | Select-Object -First 3 | Get-MnistActivation -Network $net
$pass.Quantities | Where-Object Name -eq 'A2' | ForEach-Object { $_.ToGrid() }
(0..9 | ForEach-Object { $pass.A2[$_, 0] } | Measure-Object -Sum).Sum
'@
            Remarks = 'A2 printed as a grid (10 digits by 3 samples), and the first column summed: the probabilities of one sample add up to 1.'
        }
    )
}
