using MnistPS.Imaging;
using SkiaSharp;

namespace MnistPS.Tests;

/// <summary>Every kind of bad image file gets an error that names the file, says what is wrong and what to do, in bounded memory.</summary>
public class BadImageTests
{
    public static TheoryData<string, byte[], ImageProblem, string> Cases()
    {
        var photo = DigitPhotos.InkOnPaper(TestData.Test.GetImage(0), seed: 1);
        var png = DigitPhotos.TransparentDrawing(TestData.Test.GetImage(0));
        return new()
        {
            { "text.png", "just some text, not pixels"u8.ToArray(), ImageProblem.NotAnImage, "not an image" },
            { "noise.jpg", Enumerable.Range(0, 4096).Select(i => (byte)((i * 7919) >> 3)).ToArray(), ImageProblem.NotAnImage, "not an image" },
            { "tiff.tif", [0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0, 0, 0], ImageProblem.NotAnImage, "TIFF" },
            { "drawing.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><path d=\"M0 0L9 9\"/></svg>"u8.ToArray(), ImageProblem.NotAnImage, "SVG" },
            { "photo.heic", [0, 0, 0, 24, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'h', (byte)'e', (byte)'i', (byte)'c', 0, 0, 0, 0], ImageProblem.NotAnImage, "HEIF" },
            { "header-only.png", png[..40], ImageProblem.Corrupt, "truncated or damaged" },
            { "half.png", png[..(png.Length / 2)], ImageProblem.Corrupt, "truncated" },
            { "half.jpg", photo[..(photo.Length / 2)], ImageProblem.Corrupt, "truncated" },
            { "huge.png", ImageFiles.PngClaiming(200_000, 200_000), ImageProblem.TooLarge, "200,000 x 200,000" },
            { "over-limit.png", ImageFiles.PngClaiming(6000, 6000), ImageProblem.TooLarge, "megapixels" },
            { "huge.jpg", ImageFiles.JpegClaiming(65_000, 65_000), ImageProblem.TooLarge, "65,000 x 65,000" },
            { "white.png", ImageFiles.Flat(300, 200, 255), ImageProblem.NoInk, "no digit" },
            { "grey.jpg", ImageFiles.Flat(300, 200, 128, SKEncodedImageFormat.Jpeg), ImageProblem.NoInk, "no digit" },
            { "black-28.png", ImageFiles.Flat(28, 28, 0), ImageProblem.NoInk, "no digit" },
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Bad_images_are_refused_with_a_message_naming_the_file(string name, byte[] bytes, ImageProblem problem, string says)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<MnistImageException>(() => DigitImage.Decode(bytes, name));
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.Equal(problem, e.Kind);
        Assert.StartsWith(name + ": ", e.Message, StringComparison.Ordinal);
        Assert.Contains(says, e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.True(allocated < (16 << 20), $"{allocated:N0} bytes allocated for {name}");
    }

    [Fact]
    public void Files_are_read_with_their_own_errors()
    {
        var folder = TestData.NewFolder();
        var empty = Path.Combine(folder, "empty.png");
        File.WriteAllBytes(empty, []);
        Assert.Contains("empty", Assert.Throws<MnistImageException>(() => DigitImage.Read(empty)).Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", Assert.Throws<MnistImageException>(() => DigitImage.Read(Path.Combine(folder, "missing.png"))).Message, StringComparison.Ordinal);
        var error = Assert.Throws<MnistImageException>(() => DigitImage.Read(folder));
        Assert.StartsWith(folder + ": ", error.Message, StringComparison.Ordinal);
        Assert.Contains("folder", error.Message, StringComparison.Ordinal);
        Assert.Equal(ImageProblem.Unreadable, error.Kind);
    }
}
