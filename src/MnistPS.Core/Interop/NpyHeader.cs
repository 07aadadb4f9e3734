using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace MnistPS.Interop;

/// <summary>
/// The header of a NumPy .npy file, format version 1.0: the magic bytes \x93NUMPY, the version (1, 0), the header
/// length as a little-endian uint16, then an ASCII Python dict literal
/// <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (20, 784), }</c> padded with spaces and ended by a newline
/// so that the data starts at a multiple of 64 bytes. The data follows in C order.
/// </summary>
internal static class NpyHeader
{
    /// <summary>The data starts at a multiple of this many bytes.</summary>
    public const int Alignment = 64;

    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>
    /// The header of an array of type <paramref name="descr"/> (a NumPy type string such as '&lt;f4' or '&lt;U7') and
    /// <paramref name="shape"/> (empty for a scalar).
    /// </summary>
    public static byte[] Create(string descr, IReadOnlyList<int> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var dims = shape.Count switch
        {
            0 => "()",
            1 => $"({shape[0].ToString(CultureInfo.InvariantCulture)},)",
            _ => $"({string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture)))})",
        };
        var dict = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {dims}, }}";
        var prefix = Magic.Length + 2 + sizeof(ushort);
        var length = ((prefix + dict.Length + 1 + Alignment - 1) / Alignment * Alignment) - prefix;
        var header = new byte[prefix + length];
        Magic.CopyTo(header);
        header[Magic.Length] = 1;
        header[Magic.Length + 1] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(Magic.Length + 2), checked((ushort)length));
        var text = header.AsSpan(prefix);
        text.Fill((byte)' ');
        Encoding.ASCII.GetBytes(dict, text);
        text[^1] = (byte)'\n';
        return header;
    }
}
