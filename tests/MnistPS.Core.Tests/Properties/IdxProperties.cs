using System.Buffers.Binary;
using System.IO.Compression;
using CsCheck;
using MnistPS.Fuzzing;

namespace MnistPS.Tests.Properties;

/// <summary>IDX, gzip or not: what the writer writes reads back exactly; a damaged file reads as the format says it must, or is refused.</summary>
public sealed class IdxProperties : IDisposable
{
    private const int RoundTripCases = 150;
    private const int MutationCases = 600;
    private const int CompressedMutationCases = 400;

    private readonly string _folder = TestData.NewFolder();

    private static Gen<MnistSample[]> Datasets { get; } =
        Gen.Bool.SelectMany(labelled => Gen.Select(CsvProperties.Pixels, Gen.Int[0, 9]).Select((pixels, label) => new MnistSample(pixels, labelled ? label : null)).Array[0, 4]);

    [Fact]
    public void Written_files_read_back_exactly()
    {
        Property.Check(Gen.Select(Datasets, Gen.Bool), c =>
        {
            var (samples, compress) = c;
            var (images, labels) = Write(samples, compress);

            // Import-MnistData finds the labels file beside the images file.
            var read = DataFile.ReadSamples(images, null, DataFormat.Auto, e => throw e).ToList();
            CsvProperties.AssertSame(samples, read, images);
            CsvProperties.AssertSame(samples, IdxFile.Load(images, labels, e => throw e).AsSamples().ToList(), path: null);
        }, RoundTripCases, stream: 11);
    }

    [Fact]
    public void Damaged_files_read_as_the_format_says_or_are_refused()
    {
        var targets = new[] { FuzzTargets.Find("Idx")!, FuzzTargets.Find("IdxGz")! };
        Property.Check(Gen.Select(Datasets, Gen.Bool, Gen.Bool, Mutation.Some), c =>
        {
            var (samples, damageLabels, compressed, mutations) = c;
            var (images, labels) = Write(samples, compress: false);
            var (imageBytes, labelBytes) = (File.ReadAllBytes(images), labels is null ? null : File.ReadAllBytes(labels));
            if (damageLabels && labelBytes is not null)
            {
                labelBytes = Mutation.ApplyAll(mutations, labelBytes, [4]).Bytes;
            }
            else
            {
                imageBytes = Mutation.ApplyAll(mutations, imageBytes, [4, 8, 12]).Bytes;
            }

            // The harness writes the pair (compressed by it for IdxGz) and checks typed errors, memory and the loader's agreement.
            var outcome = (compressed ? targets[1] : targets[0]).Execute(FuzzFiles.IdxInput(labelBytes ?? [], imageBytes), _folder);
            AssertAsSpecified(Specified(labelBytes is { Length: > 0 } ? labelBytes : null, imageBytes), outcome);
        }, MutationCases, stream: 12);
    }

    [Fact]
    public void Damaged_gzip_reads_as_its_decompressed_bytes_say_or_is_refused()
    {
        Property.Check(Gen.Select(Datasets, Gen.Bool, Mutation.Some), c =>
        {
            var (samples, damageLabels, mutations) = c;
            var (images, labels) = Write(samples, compress: true);
            var damaged = damageLabels && labels is not null ? labels : images;
            File.WriteAllBytes(damaged, Mutation.ApplyAll(mutations, File.ReadAllBytes(damaged), numbers: null).Bytes);

            FuzzOutcome outcome;
            try
            {
                outcome = DataRead.AsImportMnistData(images);
            }
            catch (Exception e) when (DataRead.IsTypedError(e))
            {
                outcome = new FuzzOutcome { Error = e };
            }

            // What .NET's own gzip makes of the files decides: their content, read by the format's rules, or a refusal.
            var imageBytes = Decompress(images);
            var labelBytes = labels is null ? null : Decompress(labels);
            var expected = imageBytes is null || (labels is not null && labelBytes is null) ? null : Specified(labelBytes, imageBytes);
            AssertAsSpecified(expected, outcome);
        }, CompressedMutationCases, stream: 13);
    }

    /// <summary>
    /// The IDX format's rules, written out: the magic numbers, the count, 28x28, and a length that is exactly the header and its
    /// records, in both files; a label above 9 is a bad record. Null when the files must be refused.
    /// </summary>
    private static (List<(byte[] Pixels, int? Label)> Samples, int Bad)? Specified(byte[]? labels, byte[] images)
    {
        if (images.Length < 16 || BinaryPrimitives.ReadInt32BigEndian(images) != IdxFile.ImagesMagic
            || BinaryPrimitives.ReadInt32BigEndian(images.AsSpan(8)) != 28 || BinaryPrimitives.ReadInt32BigEndian(images.AsSpan(12)) != 28)
        {
            return null;
        }

        var count = BinaryPrimitives.ReadUInt32BigEndian(images.AsSpan(4));
        if (images.Length != 16 + (count * 784L))
        {
            return null;
        }

        if (labels is not null && (labels.Length != 8 + count || BinaryPrimitives.ReadInt32BigEndian(labels) != IdxFile.LabelsMagic
            || BinaryPrimitives.ReadUInt32BigEndian(labels.AsSpan(4)) != count))
        {
            return null;
        }

        var samples = new List<(byte[], int?)>();
        var bad = 0;
        for (var i = 0; i < count; i++)
        {
            int? label = labels is null ? null : labels[8 + i];
            if (label >= 10)
            {
                bad++;
                continue;
            }

            samples.Add((images.AsSpan(16 + (784 * i), 784).ToArray(), label));
        }

        return (samples, bad);
    }

    private static void AssertAsSpecified((List<(byte[] Pixels, int? Label)> Samples, int Bad)? expected, FuzzOutcome outcome)
    {
        if (expected is not { } e)
        {
            Assert.True(outcome.Error is MnistFormatException, $"the files break the format's rules but were read: {outcome}");
            return;
        }

        Assert.True(outcome.Error is null, $"valid files were refused: {outcome}");
        Assert.Equal(e.Bad, outcome.BadRecords);
        Assert.Equal(e.Samples.Select(s => s.Label), outcome.Samples.Select(s => s.Label));
        Assert.All(e.Samples.Zip(outcome.Samples), pair => Assert.True(pair.First.Pixels.AsSpan().SequenceEqual(pair.Second.GetPixelSpan())));
    }

    private (string Images, string? Labels) Write(MnistSample[] samples, bool compress)
    {
        var suffix = compress ? ".gz" : string.Empty;
        foreach (var old in Directory.GetFiles(_folder))
        {
            File.Delete(old);
        }

        var labelled = samples.Length == 0 || samples[0].Label is not null;
        var (images, labels) = (Path.Combine(_folder, "p-images-idx3-ubyte" + suffix), Path.Combine(_folder, "p-labels-idx1-ubyte" + suffix));
        IdxFile.Write(labelled ? MnistDataset.FromSamples(samples) : MnistDataset.FromImages(samples), images, labelled ? labels : null, compress);
        return (images, labelled ? labels : null);
    }

    private static byte[]? Decompress(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 2 || bytes[0] != 0x1F || bytes[1] != 0x8B)
        {
            return bytes;
        }

        try
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            using var output = new MemoryStream();
            gzip.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
