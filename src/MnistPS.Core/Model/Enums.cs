namespace MnistPS;

/// <summary>A layer's activation function. Hidden layers use ReLU, Sigmoid or Tanh; the output layer is Softmax.</summary>
public enum Activation
{
    /// <summary>max(z, 0), as in the tutorial.</summary>
    ReLU,

    /// <summary>1 / (1 + exp(-z)).</summary>
    Sigmoid,

    /// <summary>tanh(z).</summary>
    Tanh,

    /// <summary>exp(z_i - max z) / sum_j exp(z_j - max z); the output layer only.</summary>
    Softmax,
}

/// <summary>How weights are initialised. Biases always start at zero.</summary>
public enum WeightInitialization
{
    /// <summary>The tutorial's: uniform in [-0.5, 0.5).</summary>
    Uniform,

    /// <summary>He (Kaiming) normal: N(0, 2 / fan_in). Suits ReLU.</summary>
    He,

    /// <summary>Xavier (Glorot) uniform: U(-a, a), a = sqrt(6 / (fan_in + fan_out)). Suits Sigmoid and Tanh.</summary>
    Xavier,
}

/// <summary>The update rule of gradient descent.</summary>
public enum OptimizerKind
{
    /// <summary>Plain gradient descent: w -= lr * g (the tutorial's).</summary>
    Sgd,

    /// <summary>Heavy-ball momentum: v = mu * v + g; w -= lr * v.</summary>
    Momentum,

    /// <summary>Adam (Kingma and Ba, 2015) with bias correction.</summary>
    Adam,
}

/// <summary>How the learning rate changes over a training run (after any warm-up).</summary>
public enum LearningRateSchedule
{
    /// <summary>The same rate throughout.</summary>
    Constant,

    /// <summary>Multiplied by StepFactor every StepEpochs epochs.</summary>
    Step,

    /// <summary>Cosine decay from the rate to zero over the run: rate * (1 + cos(pi * t / T)) / 2.</summary>
    Cosine,
}
