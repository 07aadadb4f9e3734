using System.Buffers.Binary;

namespace MnistPS.Interop;

/// <summary>float32 values as little-endian bytes, the byte order of ONNX raw data and of NumPy's '&lt;f4', whatever the machine's.</summary>
internal static class LittleEndianFloats
{
    /// <summary>The bytes of <paramref name="values"/>, four per value.</summary>
    public static byte[] ToBytes(ReadOnlySpan<float> values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        }

        return bytes;
    }

    /// <summary>The values of <paramref name="bytes"/>, whose length is a multiple of four.</summary>
    public static float[] FromBytes(ReadOnlySpan<byte> bytes)
    {
        var values = new float[bytes.Length / sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
        }

        return values;
    }
}
