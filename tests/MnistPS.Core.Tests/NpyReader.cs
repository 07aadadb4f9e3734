using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;

namespace MnistPS.Tests;

/// <summary>
/// An independent reader of NumPy .npz archives for the tests, written from the NPY format's specification
/// (numpy.lib.format): each entry's magic bytes, version, header length and Python dict literal are parsed from the
/// bytes, and the data is read in the byte order and shape the header gives.
/// </summary>
internal static partial class NpyReader
{
    /// <summary>An array: its NumPy type string, fortran_order, shape, the header's total length and its data bytes.</summary>
    public sealed record NpyArray(string Descr, bool FortranOrder, int[] Shape, int HeaderLength, byte[] Data)
    {
        public float[] Floats()
        {
            Assert.Equal("<f4", Descr);
            var values = new float[Data.Length / 4];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = BitConverter.ToSingle(BitConverter.IsLittleEndian ? Data.AsSpan(i * 4, 4) : Data.AsSpan(i * 4, 4).ToArray().Reverse().ToArray());
            }

            return values;
        }

        public string Text()
        {
            Assert.StartsWith("<U", Descr);
            return Encoding.UTF32.GetString(Data).TrimEnd('\0');
        }
    }

    /// <summary>The arrays of an .npz file by name (the entry name without .npy).</summary>
    public static Dictionary<string, NpyArray> ReadArchive(byte[] npz)
    {
        using var zip = new ZipArchive(new MemoryStream(npz), ZipArchiveMode.Read);
        var arrays = new Dictionary<string, NpyArray>();
        foreach (var entry in zip.Entries)
        {
            Assert.EndsWith(".npy", entry.FullName);
            using var stream = entry.Open();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            arrays[entry.FullName[..^4]] = Read(copy.ToArray());
        }

        return arrays;
    }

    /// <summary>One .npy file.</summary>
    public static NpyArray Read(byte[] npy)
    {
        Assert.Equal(new byte[] { 0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59 }, npy[..6]);
        Assert.Equal(1, npy[6]);
        Assert.Equal(0, npy[7]);
        var length = npy[8] | (npy[9] << 8);
        var header = Encoding.ASCII.GetString(npy, 10, length);
        Assert.EndsWith("\n", header);
        var match = HeaderPattern().Match(header);
        Assert.True(match.Success, $"header not understood: {header}");
        var shape = match.Groups["shape"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
        var descr = match.Groups["descr"].Value;
        var itemSize = int.Parse(descr[2..]) * (descr[1] == 'U' ? 4 : 1);
        var data = npy[(10 + length)..];
        Assert.Equal(shape.Aggregate(1, (a, b) => a * b) * itemSize, data.Length);
        return new NpyArray(descr, match.Groups["fortran"].Value == "True", shape, 10 + length, data);
    }

    [GeneratedRegex(@"^\{'descr': '(?<descr>[<>|][a-zA-Z]\d+)', 'fortran_order': (?<fortran>True|False), 'shape': \((?<shape>[\d, ]*)\), \} *\n$")]
    private static partial Regex HeaderPattern();
}
