@{
    Synopsis    = 'Checks back propagation against central finite differences, one result per parameter.'
    Description = @'
Test-MnistGradient is a gradient check. For a seeded sample of each parameter's entries (-Entries of W1, B1, W2, B2, ...; every entry of a smaller one), it compares the analytic gradient that the trainer computes with central finite differences, (L(w + h) - L(w - h)) / 2h with h = 1e-4, of the mean cross-entropy L over the labelled samples it receives. L is computed in double precision by a forward pass written apart from the engine's float32 kernels.

Each result gives the parameter, its shape, the entries checked, the largest relative error |analytic - numeric| / max(|analytic| + |numeric|, 1e-5), the largest absolute error, and whether the relative error is within the tolerance of 1e-3. The analytic gradient is float32, about seven significant digits; a wrong formula (a missing 1/m, a wrong derivative, a bias gradient summed into one number) gives errors of 1e-2 and more. A few samples (8 to 32) are enough; at most 1,000 are taken.
'@
    Parameters  = @{
        Network     = 'The network, or the path of a model file to load. With -Data, the network may come from the pipeline.'
        InputObject = 'Labelled samples (or predictions) from the pipeline.'
        Data        = 'Labelled samples, as an array (instead of the pipeline).'
        Entries     = 'Entries of each parameter to check, chosen at random with -Seed (1 to 10,000). A parameter with fewer entries is checked whole.'
        Seed        = 'Seed of the choice of entries; the same seed checks the same entries.'
    }
    Inputs      = @(@{ Type = 'MnistPS.MnistSample'; Description = 'Labelled samples.' })
    Outputs     = @(@{ Type = 'MnistPS.GradientCheckResult'; Description = 'One per parameter: Parameter, Shape, Checked, MaxRelativeError, MaxAbsoluteError, Tolerance, Passed.' })
    Examples    = @(
        @{
            Code    = @'
$net = New-MnistNetwork -Seed 1
Import-MnistData -Dataset Test | Select-Object -First 16 | Test-MnistGradient -Network $net
'@
            Remarks = 'Checks 20 entries of W1, W2 and every entry of B1 and B2 of the default network on 16 test digits.'
        }
        @{
            Code    = @'
foreach ($activation in 'ReLU', 'Sigmoid', 'Tanh') {
    $net = New-MnistNetwork -HiddenLayerSize 32, 16 -Activation $activation -Seed 2
    $results = Import-MnistData -Dataset Test | Select-Object -First 8 | Test-MnistGradient -Network $net -Entries 50
    '{0}: {1} of {2} parameters pass' -f $activation, @($results | Where-Object Passed).Count, $results.Count
}
'@
            Remarks = 'The check for a three-layer network of each hidden activation.'
        }
    )
}
