using System.IO.Compression;
using System.Text;

namespace MnistPS.Interop;

/// <summary>
/// Writes a network as a NumPy .npz archive (a zip of .npy files, as numpy.savez_compressed makes) that
/// <c>numpy.load</c> reads without pickles: W1, B1, W2, B2, ... as float32 in the tutorial's shapes (W1 is 20x784,
/// B1 20x1), <c>activation</c> (the hidden layers' activation, a unicode string: ReLU, Sigmoid or Tanh) and
/// <c>input_scale</c> (a float32 scalar, 1/255: what each 0-255 pixel is multiplied by before the first layer).
/// The output layer is a softmax.
/// </summary>
public static class NpzWriter
{
    /// <summary>The entry holding the hidden activation.</summary>
    public const string ActivationName = "activation";

    /// <summary>The entry holding the input scale.</summary>
    public const string InputScaleName = "input_scale";

    /// <summary>Entries carry this time, so the same network always gives the same bytes.</summary>
    private static readonly DateTimeOffset EntryTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Writes <paramref name="network"/> to <paramref name="destination"/>, which stays open.</summary>
    public static void Write(Network network, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(network);
        using var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var layer in network.Layers)
        {
            WriteArray(zip, $"W{layer.Number}", "<f4", [layer.OutputSize, layer.InputSize], LittleEndianFloats.ToBytes(layer.ToUnitMajor()));
            WriteArray(zip, $"B{layer.Number}", "<f4", [layer.OutputSize, 1], LittleEndianFloats.ToBytes(layer.B[..layer.OutputSize]));
        }

        var activation = network.HiddenActivation.ToString();
        WriteArray(zip, ActivationName, $"<U{activation.Length}", [], Encoding.UTF32.GetBytes(activation));
        WriteArray(zip, InputScaleName, "<f4", [], LittleEndianFloats.ToBytes([Network.PixelScale]));
    }

    private static void WriteArray(ZipArchive zip, string name, string descr, int[] shape, byte[] data)
    {
        var entry = zip.CreateEntry(name + ".npy", CompressionLevel.Optimal);
        entry.LastWriteTime = EntryTime;
        using var stream = entry.Open();
        stream.Write(NpyHeader.Create(descr, shape));
        stream.Write(data);
    }
}
