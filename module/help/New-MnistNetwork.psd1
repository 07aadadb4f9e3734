@{
    Synopsis    = 'Builds a neural network with fresh weights: 784 inputs, hidden layers, 10 softmax outputs.'
    Description = @'
New-MnistNetwork creates a feed-forward network for 28x28 digits. The default is the tutorial's 784-20-10: 784 pixel inputs (scaled to 0..1), one hidden layer of 20 ReLU units, and 10 softmax outputs, one per digit.

-HiddenLayerSize gives any number of hidden layers of any width (for example 256,128). -Activation picks ReLU, Sigmoid or Tanh for the hidden layers. -Initialization picks the tutorial's uniform weights in [-0.5, 0.5), He (normal with variance 2/fan-in, the default, suited to ReLU) or Xavier (uniform, suited to Sigmoid and Tanh); biases start at zero. -Seed makes the weights reproducible; without it a seed is drawn and recorded in the network's Seed property.

The weights stay visible with the tutorial's shapes: $net.Layers[0].Weights is W1, a 20x784 array; $net.GetParameter('B1') is the 20x1 bias.
'@
    Defaults    = @{ Seed = 'A random seed, kept in the network''s Seed property'; Preset = 'None (the defaults shown here)' }
    Parameters  = @{
        HiddenLayerSize = 'Units in each hidden layer, first to last (1 to 65,536 each, up to 32 layers). Default 20. An empty array gives softmax regression (784-10).'
        Activation      = 'Activation of the hidden layers: ReLU (default), Sigmoid or Tanh.'
        Initialization  = 'Weight initialisation: Uniform (the tutorial''s, [-0.5, 0.5)), He (default) or Xavier.'
        Seed            = 'Seed of the initial weights. The same seed gives bit-identical weights.'
        Preset          = 'Start from a named recipe''s network: Tutorial (784-20-10, uniform weights), Small (784-20-10, He), Large (784-800-10) or Best (784-1200-10). Parameters given as well override it. Get-MnistPreset lists the recipes; train with Invoke-MnistTraining -Preset of the same name.'
    }
    Inputs      = @(@{ Type = 'None'; Description = 'This cmdlet takes no pipeline input.' })
    Outputs     = @(@{ Type = 'MnistPS.Network'; Description = 'The new network.' })
    Examples    = @(
        @{
            Code    = @'
$net = New-MnistNetwork -Initialization Uniform -Seed 1
$net
$net.Layers
'@
            Remarks = 'Builds the tutorial''s 784-20-10 network and shows its layers: W1 20x784, B1 20x1, W2 10x20, B2 10x1.'
        }
        @{
            Code    = 'New-MnistNetwork -Preset Large -Seed 42'
            Remarks = 'Builds the network of the Large recipe, 784-800-10; train it with Invoke-MnistTraining -Preset Large.'
        }
        @{
            Code    = 'New-MnistNetwork -HiddenLayerSize 256, 128 -Activation Tanh -Initialization Xavier -Seed 7'
            Remarks = 'Builds a deeper network, 784-256-128-10, with Tanh hidden units.'
        }
    )
}
