@{
    Synopsis    = 'Trains a network in place on labelled samples, streaming one record per epoch.'
    Description = @'
Invoke-MnistTraining trains the network given by -Network on the samples piped in (or given with -Data) by back-propagation and gradient descent on the softmax cross-entropy loss. The network is changed in place, so it can be used, tested and saved afterwards.

By default it runs 10 epochs of mini-batch stochastic gradient descent (batch 32, learning rate 0.1), shuffling the samples each epoch. -BatchSize 0 uses the whole training set for every step: the tutorial's full-batch gradient descent, where each "epoch" is one iteration. -Optimizer Momentum or Adam and -L2 weight decay are available.

It writes one EpochResult per epoch as soon as the epoch ends (epoch, loss, training accuracy, validation loss and accuracy when -ValidationData is given, duration and samples per second), so "| Format-Table" fills in as it trains, and Write-Progress shows the batches. Press Ctrl+C to stop: training stops at the next batch boundary with a warning and the network keeps the weights of the last completed batch.

If the loss explodes while staying finite (the average loss of the latest samples goes above 23, ten times the 2.30 of a network that guesses), a warning says so at once, once per run, and names the likely cause with a value to try: usually a learning rate too high for the optimizer and batch size (use -WarningVariable to capture it, -WarningAction Stop to stop there). If the loss becomes NaN or infinite, training stops with a terminating TrainingDiverged error and the network keeps the weights it had at the start of that epoch.

The network remembers how it was trained: each run (however it ends) adds a TrainingRun to its TrainingRuns property, with the recipe (every setting, the seed used), the number of training and validation samples and the file they came from, the epochs run and the epoch kept, the kept epoch's figures, the best validation figures, how the run ended, when it started, how long it took and the MnistPS version. Export-MnistNetwork saves them in the model file and Import-MnistNetwork brings them back. -Summary also emits the run's TrainingRun after the epoch records. -LogPath writes each epoch record to a CSV or JSON Lines file as the epoch ends.

Beyond the tutorial: -Schedule Step or Cosine with -WarmupEpochs changes the learning rate as training goes; -Dropout drops hidden units while training (never when predicting); -MaxShift and -MaxRotation move and turn each training image at random, anew every epoch, and -ElasticAlpha with -ElasticSigma distorts it elastically; -ValidationFraction holds out part of the training samples when no -ValidationData is given; -Patience stops when the validation loss has not improved for that many epochs and, in any case, ends with the weights of the epoch with the lowest validation loss (marked * in the Best column). -Preset Tutorial, Small, Large or Best applies a whole recipe (Get-MnistPreset lists them); parameters given as well override it.

With -Seed (and a network built with -Seed), training is reproducible bit for bit, whatever -ThrottleLimit is: shuffling, augmentation and dropout are all drawn from the seed.
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
        ThrottleLimit  = 'Threads to use; 0 (default) means one per core, and at most 8 are used. The results do not depend on it.'
        PassThru       = 'Emit the trained network after the epoch records (and after the summary, with -Summary).'
        Summary        = 'Emit the run''s summary, a TrainingRun, after the epoch records: the recipe, the data''s size and source, the seed, the epochs run and kept, the kept epoch''s loss and accuracy, the best validation figures, the outcome, the start time (UTC), the duration and the MnistPS version. The network keeps it either way, in $net.TrainingRuns.'
        LogPath        = 'A file that receives each epoch record as soon as the epoch ends, flushed so Get-Content -Wait can follow it: CSV with a header (.csv) or JSON Lines (.jsonl or .ndjson), numbers in the invariant culture, the columns of the epoch record (Duration as Seconds). An existing log of the same kind is appended to: epoch numbers go on from earlier training, so successive runs make one history. A file that is not such a log is refused, and the folder must exist.'
        Preset         = 'Apply a named recipe''s training: Tutorial, Small, Large or Best (see Get-MnistPreset). Parameters given as well override it.'
        Schedule       = 'How the learning rate changes after warm-up: Constant (default), Step (times -StepFactor every -StepEpochs epochs) or Cosine (down to zero at the last epoch).'
        WarmupEpochs   = 'Epochs over which the learning rate rises linearly from near zero to -LearningRate. Default 0; must be fewer than -Epochs.'
        StepEpochs     = 'For -Schedule Step: epochs between drops of the learning rate. Default 10.'
        StepFactor     = 'For -Schedule Step: the factor applied at each drop, above 0 and at most 1. Default 0.1.'
        Dropout        = 'Probability of dropping each hidden unit during training, 0 (default) to 0.95; kept units are scaled up so predictions need no change. Off when predicting.'
        MaxShift       = 'Augmentation: each training image is moved by a random whole number of pixels from -MaxShift to MaxShift in x and in y, anew each epoch. 0 (default) to 8.'
        MaxRotation    = 'Augmentation: each training image is turned by a random angle of up to this many degrees either way, anew each epoch. 0 (default) to 45.'
        ElasticAlpha   = 'Augmentation: elastic distortion as in Simard, Steinkraus and Platt (2003). Each training image, anew each epoch, is displaced by a random field: uniform noise in [-1, 1) at every pixel, smoothed by a Gaussian of width -ElasticSigma and scaled by this many pixels, then resampled bilinearly (after -MaxShift and -MaxRotation). 0 (default) distorts none, up to 100; Simard et al. used 34 with sigma 4. The typical displacement is about alpha / (7 sigma) pixels (1.3 at 34 and 4): a small sigma with a large alpha (34 with sigma 1, or 100 with sigma 4) scrambles the digits.'
        ElasticSigma   = 'Augmentation: the width, in pixels, of the Gaussian that smooths the elastic displacement field; larger is smoother, and a smoother field also moves pixels less at the same alpha. 1 to 8, default 4 (typically 4 to 6). Only with -ElasticAlpha: given alone, it warns and does nothing.'
        ValidationFraction = 'When -ValidationData is not given: the fraction of the training samples held out (seeded) and measured after each epoch. 0 (default) to 0.9.'
        Patience       = 'Early stopping: stop when the validation loss has not improved for this many epochs, and keep the weights of the best epoch. 0 (default) turns it off. Needs -ValidationData or -ValidationFraction.'
    }
    Inputs      = @(@{ Type = 'MnistPS.MnistSample'; Description = 'Labelled training samples.' })
    Outputs     = @(
        @{ Type = 'MnistPS.EpochResult'; Description = 'One per epoch.' }
        @{ Type = 'MnistPS.TrainingRun'; Description = 'With -Summary, the run''s summary, after the epoch records.' }
        @{ Type = 'MnistPS.Network'; Description = 'With -PassThru, the trained network.' }
    )
    Examples    = @(
        @{
            Code    = @'
$train = Import-MnistData -Dataset Train | Select-Object -First 12000
$net = New-MnistNetwork -Preset Small -Seed 4
Invoke-MnistTraining -Network $net -Data $train -Preset Small -Epochs 6 -Seed 4 -Verbose | Format-Table
'@
            Remarks = 'The Small recipe (momentum, cosine schedule with warm-up, L2, one-pixel shifts, a held-out twelfth with the best epoch kept), shortened to 6 epochs on 12,000 digits. The full recipe reaches about 97% on the test set: see Get-MnistPreset and the README.'
        }
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
        @{
            Code    = @'
$net = New-MnistNetwork -Seed 5
$train = Import-MnistData -Dataset Train | Select-Object -First 5000
$out = Invoke-MnistTraining -Network $net -Data $train -Epochs 4 -Seed 5 -ValidationFraction 0.1 -LogPath ./training.csv -Summary
$out[-1] | Format-List
Import-Csv ./training.csv | Format-Table Epoch, Loss, ValidationLoss, ValidationAccuracy
'@
            Remarks = 'Trains on 5,000 digits, holding out a tenth to validate on, logs each epoch to training.csv as it ends and emits the run''s summary last. In another window, Get-Content ./training.csv -Wait follows the log while it trains.'
        }
        @{
            Code    = @'
$net = New-MnistNetwork -Seed 6
$train = Import-MnistData -Dataset Test | Select-Object -First 1000
Invoke-MnistTraining -Network $net -Data $train -Epochs 2 -Seed 6 -LearningRate 1e5 -WarningVariable warnings | Select-Object Epoch, Loss
$warnings
'@
            Remarks = 'A learning rate far too high: the loss explodes without becoming infinite, so there is no TrainingDiverged error, but a warning says so within the first batches, with a rate to try (0.1).'
        }
    )
}
