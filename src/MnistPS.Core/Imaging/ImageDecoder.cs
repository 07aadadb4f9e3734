using SkiaSharp;

namespace MnistPS.Imaging;

/// <summary>
/// Decodes an image file with SkiaSharp into greyscale (ITU-R BT.601 luma, alpha composited over white), reduced to at
/// most <see cref="ImageOptions.WorkingSize"/> pixels on its longer side. Limits are checked against the header before
/// any pixel memory is allocated.
/// </summary>
internal static class ImageDecoder
{
    /// <summary>Reads <paramref name="path"/> whole, refusing files above <see cref="ImageOptions.MaxFileBytes"/> (an empty file is refused by <see cref="Decode"/>).</summary>
    public static byte[] ReadFile(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            if (file.Length > ImageOptions.MaxFileBytes)
            {
                throw new MnistImageException(path, ImageProblem.TooLarge, $"the file is {file.Length / (1 << 20):N0} MiB; MnistPS reads image files of at most {ImageOptions.MaxFileBytes >> 20} MiB. Save a smaller copy of the image.");
            }

            var bytes = new byte[file.Length];
            file.ReadExactly(bytes);
            if (bytes.Length == 0 && file.ReadByte() >= 0)
            {
                throw new MnistImageException(path, ImageProblem.Unreadable, "the file reports no size but has content (a device or a special file). Copy the image to an ordinary file.");
            }

            return bytes;
        }
        catch (FileNotFoundException e)
        {
            throw new MnistImageException(path, ImageProblem.Unreadable, "the file does not exist. Check the path.", e);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new MnistImageException(path, ImageProblem.Unreadable, "the folder does not exist. Check the path.", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new MnistImageException(path, ImageProblem.Unreadable, Directory.Exists(path) ? "this is a folder, not an image file. Name the files in it (for example folder/*.png)." : "the file cannot be read (access denied).", e);
        }
        catch (IOException e)
        {
            throw new MnistImageException(path, ImageProblem.Unreadable, $"the file cannot be read ({e.Message}). Check that no other program holds it and that the disk is readable.", e);
        }
    }

    /// <summary>The greyscale image encoded in <paramref name="bytes"/>; <paramref name="name"/> names it in errors.</summary>
    public static GreyImage Decode(ReadOnlySpan<byte> bytes, string name)
    {
        if (bytes.IsEmpty)
        {
            throw new MnistImageException(name, ImageProblem.NotAnImage, "the file is empty. Save the image again.");
        }

        using var data = SKData.CreateCopy(bytes);
        using var codec = SKCodec.Create(data);
        if (codec is null)
        {
            throw ImageSignature.IsSupportedFormat(bytes)
                ? new MnistImageException(name, ImageProblem.Corrupt, "the image's header is truncated or damaged. Copy or save the image again.")
                : new MnistImageException(name, ImageProblem.NotAnImage, $"{ImageSignature.Describe(bytes)}. MnistPS reads {ImageOptions.SupportedFormats} images: convert the file to PNG.");
        }

        var format = codec.EncodedFormat;
        if (format is not (SKEncodedImageFormat.Png or SKEncodedImageFormat.Jpeg or SKEncodedImageFormat.Bmp or SKEncodedImageFormat.Gif or SKEncodedImageFormat.Webp))
        {
            throw new MnistImageException(name, ImageProblem.NotAnImage, $"this is a {FormatName(format)} image. MnistPS reads {ImageOptions.SupportedFormats} images: convert the file to PNG.");
        }

        var size = DecodeSize(codec);
        if ((long)size.Width * size.Height > ImageOptions.MaxDecodedPixels)
        {
            var header = codec.Info;
            throw new MnistImageException(name, ImageProblem.TooLarge, $"the image is {header.Width:N0} x {header.Height:N0} pixels; MnistPS decodes at most {ImageOptions.MaxDecodedPixels / 1_000_000:N0} megapixels. Scale the image down (a digit needs a few hundred pixels).");
        }

        var info = new SKImageInfo(size.Width, size.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap();
        if (!bitmap.TryAllocPixels(info))
        {
            throw new MnistImageException(name, ImageProblem.TooLarge, $"there is not enough memory to decode {size.Width:N0} x {size.Height:N0} pixels. Scale the image down.");
        }

        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
        {
            throw new MnistImageException(name, ImageProblem.Corrupt, result == SKCodecResult.IncompleteInput
                ? $"the {FormatName(format)} data is truncated: the file ends before the image does. Copy or save the image again."
                : $"the {FormatName(format)} data is corrupt ({result}). Save the image again.");
        }

        return ToGrey(bitmap);
    }

    private static string FormatName(SKEncodedImageFormat format) => format.ToString().ToUpperInvariant();

    /// <summary>The size to decode at: full size, or for JPEG and WebP the smallest reduced size whose longer side still reaches the working size.</summary>
    private static SKSizeI DecodeSize(SKCodec codec)
    {
        var full = codec.Info.Size;
        var best = full;
        if (codec.EncodedFormat is SKEncodedImageFormat.Jpeg or SKEncodedImageFormat.Webp)
        {
            for (var eighths = 7; eighths >= 1; eighths--)
            {
                var scaled = codec.GetScaledDimensions(eighths / 8f);
                if (Math.Max(scaled.Width, scaled.Height) < ImageOptions.WorkingSize || scaled.Width <= 0 || scaled.Height <= 0)
                {
                    break;
                }

                best = scaled;
            }
        }

        return best;
    }

    /// <summary>Luma with alpha over white, averaged over f x f blocks so that the longer side is at most the working size.</summary>
    private static unsafe GreyImage ToGrey(SKBitmap bitmap)
    {
        int width = bitmap.Width, height = bitmap.Height;
        var factor = (Math.Max(width, height) + ImageOptions.WorkingSize - 1) / ImageOptions.WorkingSize;
        var grey = new GreyImage((width + factor - 1) / factor, (height + factor - 1) / factor);
        var pixels = (byte*)bitmap.GetPixels();

        // Reduced images take the luma of a row a chunk of whole cells at a time, so that the scratch stays small.
        var luma = factor == 1 ? null : new float[Math.Min(width, factor * Math.Max(1, 4096 / factor))];
        for (var y = 0; y < height; y++)
        {
            var row = new ReadOnlySpan<byte>(pixels + ((long)y * bitmap.RowBytes), width * 4);
            if (luma is null)
            {
                PixelKernels.Luma(row, grey.Row(y));
                continue;
            }

            // Cell sums, each adding its pixels row by row and left to right.
            var target = grey.Row(y / factor);
            for (var start = 0; start < width; start += luma.Length)
            {
                var chunk = luma.AsSpan(0, Math.Min(luma.Length, width - start));
                PixelKernels.Luma(row.Slice(4 * start, 4 * chunk.Length), chunk);
                for (int cx = start / factor, x = 0; x < chunk.Length; cx++)
                {
                    var sum = target[cx];
                    for (var end = Math.Min(x + factor, chunk.Length); x < end; x++)
                    {
                        sum += chunk[x];
                    }

                    target[cx] = sum;
                }
            }
        }

        if (factor > 1)
        {
            // Each cell averages the pixels that fell in it (the last row and column of cells may hold fewer).
            for (var cy = 0; cy < grey.Height; cy++)
            {
                var rowsIn = Math.Min(factor, height - (cy * factor));
                var row = grey.Row(cy);
                for (var cx = 0; cx < grey.Width; cx++)
                {
                    row[cx] /= rowsIn * Math.Min(factor, width - (cx * factor));
                }
            }
        }

        return grey;
    }
}
