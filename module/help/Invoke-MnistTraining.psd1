@{
    Synopsis    = 'Trains a network in place on labelled samples, streaming one record per epoch.'
    Description = @'
Invoke-MnistTraining trains the network given by -Network on the samples piped in (or given with -Data) by back-propagation and gradient descent on the softmax cross-entropy loss. The network is changed in place, so it can be used, tested and saved afterwards.

By default it runs 10 epochs of mini-batch stochastic gradient descent (batch 32, learning rate 0.1), shuffling the samples each epoch. -BatchSize 0 uses the whole training set for every step: the tutorial's full-batch gradient descent, where each "epoch" is one iteration. -Optimizer Momentum or Adam and -L2 weight decay are available.

It writes one EpochResult per epoch as soon as the epoch ends (epoch, loss, training accuracy, validation loss and accuracy when -ValidationData is given, duration and samples per second), so "| Format-Table" fills in as it trains, and Write-Progress shows the batches. Press Ctrl+C to stop: training stops at the next batch boundary with a warning and the network keeps the weights of the last completed batch.

If the loss becomes NaN or infinite (the learning rate is too high), training stops with a terminating TrainingDiverged error and the network keeps the weights it had at the start of that epoch.

With -Seed (and a network built with -Seed), training is reproducible bit for bit, whatever -ThrottleLimit is.
'@
    Parameters  = @{
        Network        = 'The network to train. It is changed in place.'
        InputObject    = 'Labelled training samples from the pipeline.'
        Data           = 'Labelled training samples, as an array (instead of the pipeline).'
        ValidationData = 'Labelled samples measured after every epoch and never trained on.'
        Epochs         = 'Passes over the training data, 1 to 100,000. Default 10. With -BatchSize 0, the number of gradient-descent iterations.'
        BatchSize      = 'Samples per gradient step. Default 32. 0 means the full training set (the tutorial''s method). It may not exceed the number of samples.'
        LearningRate   = 'Step size of gradient descent, above 0. Default 0.1 (suits Sgd; Adam wants about 0.001).'
        Optimizer      = 'Update rule: Sgd (default), Momentum or Adam.'
        Momentum       = 'Momentum coefficient for -Optimizer Momentum, 0 to 0.999. Default 0.9.'
        L2             = 'L2 weight decay (lambda), 0 to 1. Default 0. Applies to weights, not biases.'
        Seed           = 'Seed of the shuffling. The same seed, network and data give the same result.'
        NoShuffle      = 'Keep the samples in their input order every epoch.'
        ThrottleLimit  = 'Threads to use; 0 (default) means one per core. The results do not depend on it.'
        PassThru       = 'Emit the trained network after the epoch records.'
    }
    Inputs      = @(@{ Type = 'MnistPS.MnistSample'; Description = 'Labelled training samples.' })
    Outputs     = @(
        @{ Type = 'MnistPS.EpochResult'; Description = 'One per epoch.' }
        @{ Type = 'MnistPS.Network'; Description = 'With -PassThru, the trained network.' }
    )
    Examples    = @(
        @{
            Code    = @'
$net = New-MnistNetwork -Seed 1
Import-MnistData -Dataset Train | Invoke-MnistTraining -Network $net -Epochs 3 -Seed 1
Import-MnistData -Dataset Test | Test-MnistNetwork -Network $net
'@
            Remarks = 'Trains the default 784-20-10 network for three epochs on the 60,000 shipped training digits, then measures it on the 10,000 test digits (about 94% after three epochs).'
        }
        @{
            Code    = @'
$train = Import-MnistData -Dataset Train | Select-Object -First 10000
$check = Import-MnistData -Dataset Train | Select-Object -Skip 50000 -First 2000
$net = New-MnistNetwork -HiddenLayerSize 64 -Seed 2
Invoke-MnistTraining -Network $net -Data $train -ValidationData $check -Optimizer Adam -LearningRate 0.002 -Epochs 5 -Seed 2 | Format-Table
'@
            Remarks = 'Trains with Adam on 10,000 digits and watches the accuracy on 2,000 held-out digits after each epoch.'
        }
        @{
            Code    = @'
$net = New-MnistNetwork -Initialization Uniform -Seed 3
$records = Import-MnistData -Dataset Train | Select-Object -First 5000 | Invoke-MnistTraining -Network $net -BatchSize 0 -LearningRate 0.1 -Epochs 50 -Seed 3
$records[-1]
'@
            Remarks = 'The tutorial''s full-batch gradient descent: every one of the 50 iterations uses all 5,000 samples.'
        }
    )
}
