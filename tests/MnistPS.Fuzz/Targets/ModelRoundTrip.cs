namespace MnistPS.Fuzzing;

/// <summary>A network that loads must save and load back bit for bit: the reader accepts nothing the writer cannot say.</summary>
internal static class ModelRoundTrip
{
    public static void Verify(FuzzOutcome outcome, string folder)
    {
        if (outcome.Network is not { } network)
        {
            return;
        }

        using var saved = new MemoryStream();
        ModelFile.Write(network, saved);
        var again = ModelFile.Read(saved.ToArray(), Path.Combine(folder, "round-trip.json"));
        if (Differs(network, again) is { } difference)
        {
            throw new FuzzFailureException($"A loaded {network.Architecture} network does not load back as it was saved: {difference}.");
        }
    }

    /// <summary>What differs between two networks, or null when nothing does (weights and biases compared bit for bit).</summary>
    public static string? Differs(Network a, Network b)
    {
        if (a.ToString() != b.ToString())
        {
            return $"'{a}' became '{b}'";
        }

        for (var l = 0; l < a.Layers.Count; l++)
        {
            var (la, lb) = (a.Layers[l], b.Layers[l]);
            if (la.Activation != lb.Activation || !SameBits(la.Weights, lb.Weights) || !SameBits(la.Biases, lb.Biases))
            {
                return $"layer {l + 1} changed";
            }
        }

        return null;
    }

    private static bool SameBits(float[,] a, float[,] b)
    {
        if (a.GetLength(0) != b.GetLength(0) || a.GetLength(1) != b.GetLength(1))
        {
            return false;
        }

        for (var i = 0; i < a.GetLength(0); i++)
        {
            for (var j = 0; j < a.GetLength(1); j++)
            {
                if (BitConverter.SingleToInt32Bits(a[i, j]) != BitConverter.SingleToInt32Bits(b[i, j]))
                {
                    return false;
                }
            }
        }

        return true;
    }
}
