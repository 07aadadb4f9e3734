using MnistPS.Imaging;

namespace MnistPS.Tests;

/// <summary>
/// Files that cannot be read at all (a folder, a missing file, a device error) get a typed error that names the file and
/// says what it is, apart from files that are read but broken.
/// </summary>
public class ReadFailureTests
{
    private const string DeviceErrorFile = "/proc/self/mem";

    private readonly string _folder = TestData.NewFolder();

    [Fact]
    public void A_folder_given_as_a_file_is_named_a_folder_by_every_reader()
    {
        var images = Path.Combine(_folder, "x-images-idx3-ubyte");
        IdxFile.Write(TestData.Test.Slice(0, 2), images);

        AssertFolder(Assert.Throws<MnistReadException>(() => DataFile.ReadSamples(_folder).ToList()), _folder);
        AssertFolder(Assert.Throws<MnistReadException>(() => KaggleCsv.ReadSamples(_folder, delimiter: ',').ToList()), _folder);
        AssertFolder(Assert.Throws<MnistReadException>(() => IdxFile.ReadSamples(_folder).ToList()), _folder);
        AssertFolder(Assert.Throws<MnistReadException>(() => IdxFile.ReadSamples(images, labelsPath: _folder).ToList()), _folder);
        var model = Assert.Throws<ModelFileException>(() => ModelFile.Load(_folder));
        AssertFolder(model, _folder);
        Assert.True(model.Unreadable);
        var image = Assert.Throws<MnistImageException>(() => DigitImage.Read(_folder));
        AssertFolder(image, _folder);
        Assert.Equal(ImageProblem.Unreadable, image.Kind);
    }

    [Fact]
    public void A_missing_file_is_a_read_error_not_a_format_error()
    {
        var missing = Path.Combine(_folder, "gone.csv");
        var data = Assert.Throws<MnistReadException>(() => DataFile.ReadSamples(missing).ToList());
        Assert.Equal(missing + ": the file does not exist. Check the path.", data.Message);
        Assert.IsType<FileNotFoundException>(data.InnerException);
        var model = Assert.Throws<ModelFileException>(() => ModelFile.Load(missing));
        Assert.True(model.Unreadable);
        Assert.Contains("does not exist", model.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_model_file_is_not_a_read_failure()
    {
        var path = Path.Combine(_folder, "text.json");
        File.WriteAllText(path, "weights: lots");
        Assert.False(Assert.Throws<ModelFileException>(() => ModelFile.Load(path)).Unreadable);
    }

    [LinuxFact]
    public void A_device_error_is_a_read_error_naming_the_file()
    {
        // Reading /proc/self/mem at offset 0 (never mapped) fails with EIO: a real I/O error from a real path.
        foreach (var read in new Func<object>[]
        {
            () => DataFile.ReadSamples(DeviceErrorFile).ToList(),
            () => KaggleCsv.ReadSamples(DeviceErrorFile, delimiter: ',').ToList(),
            () => IdxFile.ReadSamples(DeviceErrorFile).ToList(),
            () => CsvDelimiter.Detect(DeviceErrorFile),
        })
        {
            var e = Assert.Throws<MnistReadException>(read);
            Assert.StartsWith(DeviceErrorFile + ": the file cannot be read (", e.Message, StringComparison.Ordinal);
            Assert.IsAssignableFrom<IOException>(e.InnerException);
        }

        var model = Assert.Throws<ModelFileException>(() => ModelFile.Load(DeviceErrorFile));
        Assert.True(model.Unreadable);
        Assert.IsAssignableFrom<IOException>(model.InnerException);
        var image = Assert.Throws<MnistImageException>(() => DigitImage.Read(DeviceErrorFile));
        Assert.Equal(ImageProblem.Unreadable, image.Kind);
        Assert.StartsWith(DeviceErrorFile + ": the file cannot be read (", image.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_read_failure_mid_file_keeps_the_rows_before_it_and_names_the_file_and_line()
    {
        var data = TestData.Test.Slice(0, 400);
        using var csv = new MemoryStream();
        KaggleCsv.Write(data.AsSamples(), csv, includeLabels: true);
        Assert.True(csv.Length > 400_000, "the CSV must span several of the reader's buffers");
        var path = Path.Combine(_folder, "share.csv");
        var samples = new List<MnistSample>();

        var e = Assert.Throws<MnistReadException>(() =>
        {
            foreach (var sample in KaggleCsv.ReadSamples(new FailingReadStream(csv.ToArray(), failAt: 300_000), path, ',', onBadRecord: null))
            {
                samples.Add(sample);
            }
        });

        Assert.NotEmpty(samples);
        Assert.True(data.Slice(0, samples.Count).PixelBuffer.SequenceEqual(MnistDataset.FromSamples(samples).PixelBuffer));
        Assert.StartsWith($"{path}: after line {samples.Count + 1}: the file cannot be read (Simulated device error.)", e.Message, StringComparison.Ordinal);
        Assert.IsType<IOException>(e.InnerException);
    }

    private static void AssertFolder(Exception e, string folder)
    {
        Assert.StartsWith(folder + ": this is a folder, not ", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("access", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Serves <paramref name="bytes"/> and fails as a disk or network share would once <paramref name="failAt"/> is reached.</summary>
    private sealed class FailingReadStream(byte[] bytes, int failAt) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_position >= failAt)
            {
                throw new IOException("Simulated device error.");
            }

            var n = Math.Min(buffer.Length, failAt - _position);
            bytes.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>A fact that needs Linux (its /proc file system); skipped elsewhere.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "needs Linux's /proc/self/mem";
        }
    }
}
