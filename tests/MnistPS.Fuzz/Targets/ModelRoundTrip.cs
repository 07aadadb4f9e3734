using MnistPS.Interop;

namespace MnistPS.Fuzzing;

/// <summary>Model files, loaded as Import-MnistNetwork loads them; a network that loads must save and load back bit for bit.</summary>
internal static class ModelRoundTrip
{
    /// <summary>Loads a model file of any format, told by content (ImportMnistNetworkCommand: ModelFormats.Load, notes to -Verbose).</summary>
    public static FuzzOutcome Load(string path) => new() { Network = ModelFormats.Load(path, _ => { }) };

    /// <summary>A loaded network, saved in <paramref name="format"/> and read back, is the same: the reader accepts nothing the writer cannot say.</summary>
    public static void Verify(FuzzOutcome outcome, string folder, ModelFormat format)
    {
        if (outcome.Network is not { } network)
        {
            return;
        }

        using var saved = new MemoryStream();
        ModelFormats.Write(network, saved, format);
        var again = ModelFormats.Read(saved.ToArray(), Path.Combine(folder, "round-trip." + format.ToString().ToLowerInvariant()));
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
