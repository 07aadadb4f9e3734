using System.IO.Compression;
using System.Text;
using CsCheck;
using MnistPS.Fuzzing;

namespace MnistPS.Tests.Properties;

/// <summary>Kaggle CSV: what the writer writes reads back exactly; damaged files read intact up to the damage, or are refused.</summary>
public sealed class CsvProperties : IDisposable
{
    private const int RoundTripCases = 150;
    private const int MutationCases = 800;

    private readonly string _folder = TestData.NewFolder();

    /// <summary>A CSV as a user may have it: labelled or not, header or not, any delimiter MnistPS takes, CRLF, a BOM, gzip.</summary>
    internal sealed record CsvFile(MnistSample[] Samples, bool Labelled, bool Header, char Delimiter, bool Crlf, bool Bom, bool Gzip)
    {
        public byte[] Bytes()
        {
            using var stream = new MemoryStream();
            KaggleCsv.Write(Samples, stream, Labelled, Delimiter);
            var text = Encoding.UTF8.GetString(stream.ToArray());
            text = Header ? text : text[(text.IndexOf('\n') + 1)..];
            text = Crlf ? text.Replace("\n", "\r\n", StringComparison.Ordinal) : text;
            var bytes = Encoding.UTF8.GetBytes(text);
            bytes = Bom ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes;
            return Gzip ? Compress(bytes) : bytes;
        }

        /// <summary>Where each data row's line ends (its '\n'), in <see cref="Bytes"/> without gzip.</summary>
        public IReadOnlyList<int> RowEnds(byte[] bytes) =>
            Enumerable.Range(0, bytes.Length).Where(i => bytes[i] == '\n').Skip(Header ? 1 : 0).ToList();
    }

    internal static Gen<CsvFile> Files(bool anyDelimiter, bool gzip) =>
        Gen.Select(Gen.Bool, Gen.Bool, Gen.Bool, Gen.Bool).SelectMany(flags =>
            Gen.Select(Samples(flags.Item1), anyDelimiter ? Gen.OneOf(',', ';', '\t', '|') : Gen.OneOf(',', ';'), gzip ? Gen.Bool : Gen.Const(false))
                .Select((samples, delimiter, compressed) => new CsvFile(samples, flags.Item1, flags.Item2, delimiter, flags.Item3, flags.Item4, compressed)));

    [Fact]
    public void Written_files_read_back_exactly()
    {
        Property.Check(Files(anyDelimiter: true, gzip: true), file =>
        {
            var path = Path.Combine(_folder, "round-trip.csv");
            File.WriteAllBytes(path, file.Bytes());

            // As Import-MnistData reads it: ',' and ';' detected, tab and '|' given with -Delimiter.
            var given = file.Delimiter is ',' or ';' ? (char?)null : file.Delimiter;
            var read = DataFile.ReadSamples(path, null, DataFormat.Auto, e => throw e, given).ToList();

            AssertSame(file.Samples, read, path);
            AssertSame(file.Samples, KaggleCsv.Load(path, e => throw e, given).AsSamples().ToList(), path: null);
        }, RoundTripCases, stream: 1);
    }

    [Fact]
    public void Damaged_files_read_intact_up_to_the_damage_or_are_refused()
    {
        var target = FuzzTargets.Find("Csv")!;
        Property.Check(Gen.Select(Files(anyDelimiter: false, gzip: false), Mutation.Some), c =>
        {
            var (file, mutations) = c;
            var original = file.Bytes();
            var (damaged, firstDamaged) = Mutation.ApplyAll(mutations, original, numbers: null);

            // Typed error only, bounded memory, Import-MnistData's reader and KaggleCsv.Load agreeing: the harness checks it.
            var outcome = target.Execute(damaged, _folder);
            if (outcome.Error is not null)
            {
                return;
            }

            var intact = file.RowEnds(original).Count(end => end < firstDamaged);
            Assert.True(outcome.Samples.Count >= intact, $"{intact} rows precede the damage but {outcome.Samples.Count} were read.");
            AssertSame(file.Samples[..intact], outcome.Samples.Take(intact).ToList(), path: null);
            Assert.Equal(Enumerable.Range(0, outcome.Samples.Count).Select(i => (long)i), outcome.Samples.Select(s => s.Index));
        }, MutationCases, stream: 2);
    }

    internal static Gen<MnistSample[]> Samples(bool labelled) =>
        Gen.Select(Pixels, Gen.Int[0, 9]).Select((pixels, label) => new MnistSample(pixels, labelled ? label : null)).Array[1, 4];

    /// <summary>784 pixels, often mostly black as MNIST's are, sometimes noise over the whole range.</summary>
    internal static Gen<byte[]> Pixels { get; } =
        Gen.Bool.SelectMany(sparse => sparse
            ? Gen.Select(Gen.Int[0, 5], Gen.Byte).Select((ink, value) => ink == 0 ? value : (byte)0).Array[MnistSample.PixelCount]
            : Gen.Byte.Array[MnistSample.PixelCount]);

    internal static void AssertSame(IReadOnlyList<MnistSample> expected, IReadOnlyList<MnistSample> actual, string? path)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i].Label, actual[i].Label);
            Assert.True(expected[i].GetPixelSpan().SequenceEqual(actual[i].GetPixelSpan()), $"sample {i} has other pixels");
            if (path is not null)
            {
                Assert.Equal((path, (long)i), (actual[i].Source, actual[i].Index));
            }
        }
    }

    private static byte[] Compress(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
