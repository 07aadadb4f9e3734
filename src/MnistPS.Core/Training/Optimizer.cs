namespace MnistPS;

/// <summary>The update rules, with their per-parameter state (velocity, Adam moments).</summary>
internal sealed class Optimizer
{
    private readonly TrainingOptions _options;
    private readonly float[][] _first;
    private readonly float[][] _second;
    private long _step;

    /// <param name="options">The update rule and its settings.</param>
    /// <param name="lengths">The length of each parameter tensor.</param>
    public Optimizer(TrainingOptions options, IReadOnlyList<int> lengths)
    {
        _options = options;
        var needsFirst = options.Optimizer is OptimizerKind.Momentum or OptimizerKind.Adam;
        var needsSecond = options.Optimizer is OptimizerKind.Adam;
        _first = lengths.Select(n => needsFirst ? new float[n] : []).ToArray();
        _second = lengths.Select(n => needsSecond ? new float[n] : []).ToArray();
    }

    /// <summary>Starts a step (Adam's bias correction counts steps).</summary>
    public void BeginStep() => _step++;

    /// <summary>
    /// Updates elements [start, end) of tensor <paramref name="t"/> from its gradient; <paramref name="decay"/> says
    /// whether L2 applies (weights, not biases). Element-wise, so any split of a tensor at whole 256-bit vectors (8
    /// elements) gives the same result; elsewhere an element could fall to the scalar tail of the plain SGD step,
    /// which does not fuse its multiply-adds.
    /// </summary>
    public void Update(int t, Span<float> parameter, ReadOnlySpan<float> gradient, bool decay, int start, int end, float lr)
    {
        var l2 = decay ? _options.L2 : 0f;
        var w = parameter[start..end];
        var g = gradient[start..end];
        switch (_options.Optimizer)
        {
            case OptimizerKind.Sgd:
                Sgd(w, g, lr, l2);
                break;
            case OptimizerKind.Momentum:
                Momentum(w, g, _first[t].AsSpan(start, end - start), lr, l2, _options.Momentum);
                break;
            case OptimizerKind.Adam:
                Adam(w, g, _first[t].AsSpan(start, end - start), _second[t].AsSpan(start, end - start), lr, l2, _step);
                break;
        }
    }

    /// <summary>w -= lr * (g + l2 * w).</summary>
    private static void Sgd(Span<float> w, ReadOnlySpan<float> g, float lr, float l2) => Numerics.Kernels.SgdStep(w, g, lr, l2);

    /// <summary>v = mu * v + (g + l2 * w); w -= lr * v.</summary>
    private static void Momentum(Span<float> w, ReadOnlySpan<float> g, Span<float> v, float lr, float l2, float mu)
    {
        for (var i = 0; i < w.Length; i++)
        {
            v[i] = (mu * v[i]) + g[i] + (l2 * w[i]);
            w[i] -= lr * v[i];
        }
    }

    /// <summary>m = b1 m + (1 - b1) g; v = b2 v + (1 - b2) g^2; w -= lr * m^ / (sqrt(v^) + eps), with bias-corrected m^, v^.</summary>
    private void Adam(Span<float> w, ReadOnlySpan<float> g, Span<float> m, Span<float> v, float lr, float l2, long step)
    {
        float b1 = _options.Beta1, b2 = _options.Beta2, eps = _options.Epsilon;
        var c1 = 1f / (1f - MathF.Pow(b1, step));
        var c2 = 1f / (1f - MathF.Pow(b2, step));
        for (var i = 0; i < w.Length; i++)
        {
            var gi = g[i] + (l2 * w[i]);
            m[i] = (b1 * m[i]) + ((1 - b1) * gi);
            v[i] = (b2 * v[i]) + ((1 - b2) * gi * gi);
            w[i] -= lr * (m[i] * c1) / (MathF.Sqrt(v[i] * c2) + eps);
        }
    }
}
