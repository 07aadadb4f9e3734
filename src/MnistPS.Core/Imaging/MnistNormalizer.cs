namespace MnistPS.Imaging;

/// <summary>
/// Makes an MNIST digit of a greyscale image, as the MNIST authors normalised theirs: ink made light on black, the
/// background levelled, cropped to the ink, scaled with anti-aliasing so that the longer side is 20 pixels (keeping the
/// aspect ratio), and placed in a 28x28 frame with the ink's centre of mass at the centre. Strokes much thinner than
/// MNIST's are thickened (<see cref="StrokeWidth"/>).
/// </summary>
internal static class MnistNormalizer
{
    private const int Side = MnistSample.Rows;

    /// <summary>Where MNIST's digits have their centre of mass, in pixels from the frame's top-left corner (measured: 14.5).</summary>
    private const double CentreOfMass = (Side / 2) + 0.5;

    /// <summary>
    /// The 784 pixels of the digit in <paramref name="image"/> (changed in place). A 28x28 image is already MNIST-sized:
    /// only its polarity is set, so an MNIST digit saved as PNG comes back pixel for pixel.
    /// </summary>
    public static byte[] Normalize(GreyImage image, ImageOptions options, string name)
    {
        if (!options.Preprocess)
        {
            if (options.Invert == InvertMode.Always)
            {
                InkMap.Invert(image);
            }

            return ToBytes(Resampler.Resize(image, (0, 0, image.Width, image.Height), Side, Side), 255);
        }

        var blocks = BlockMedians.Of(image);
        var invert = options.Invert switch
        {
            InvertMode.Always => true,
            InvertMode.Never => false,
            _ => InkMap.HasLightBackground(image, blocks),
        };
        if (invert)
        {
            InkMap.Invert(image);
            blocks.Invert(image);
        }

        if (image.Width == Side && image.Height == Side)
        {
            if (Contrast(image) < InkMap.MinContrast)
            {
                throw NoInk(name, options);
            }

            return ToBytes(image, 255);
        }

        InkMap.LevelBackground(image, blocks);
        if (!InkMap.Stretch(image) || InkBounds.Find(image) is not { } box)
        {
            throw NoInk(name, options);
        }

        // Longer side to 20 pixels, keeping the aspect ratio.
        var scale = (double)ImageOptions.DigitBox / Math.Max(box.Width, box.Height);
        var width = Math.Clamp((int)Math.Round(box.Width * scale), 1, ImageOptions.DigitBox);
        var height = Math.Clamp((int)Math.Round(box.Height * scale), 1, ImageOptions.DigitBox);
        var detail = Resampler.Resize(image, box, width * StrokeWidth.Detail, height * StrokeWidth.Detail);
        var stroke = StrokeWidth.Of(detail) / StrokeWidth.Detail;
        if (stroke >= StrokeWidth.Thin)
        {
            return ToBytes(Centre(Resampler.Resize(image, box, width, height)), 1);
        }

        // Thin strokes (a fine pen): brought back to full ink where scaling down greyed them, then thickened to MNIST's
        // width at a finer scale, then scaled down.
        StrokeWidth.Restore(detail);
        stroke = StrokeWidth.Of(detail) / StrokeWidth.Detail;
        var thick = stroke < StrokeWidth.Target ? StrokeWidth.Dilate(detail, (StrokeWidth.Target - stroke) * StrokeWidth.Detail / 2) : detail;
        return ToBytes(Centre(Resampler.Resize(thick, (0, 0, thick.Width, thick.Height), width, height)), 1);
    }

    /// <summary>The digit in a 28x28 frame, shifted by whole pixels so that its centre of mass is nearest the frame's centre (staying inside).</summary>
    private static GreyImage Centre(GreyImage digit)
    {
        double mass = 0, sx = 0, sy = 0;
        for (var y = 0; y < digit.Height; y++)
        {
            var row = digit.Row(y);
            for (var x = 0; x < digit.Width; x++)
            {
                mass += row[x];
                sx += row[x] * (x + 0.5);
                sy += row[x] * (y + 0.5);
            }
        }

        // The centre of mass goes to the centre of pixel (14, 14), where MNIST's digits have theirs (14.5 from the corner).
        var left = Math.Clamp((int)Math.Round(CentreOfMass - (sx / mass)), 0, Side - digit.Width);
        var top = Math.Clamp((int)Math.Round(CentreOfMass - (sy / mass)), 0, Side - digit.Height);
        var frame = new GreyImage(Side, Side);
        for (var y = 0; y < digit.Height; y++)
        {
            digit.Row(y).CopyTo(frame.Row(top + y)[left..]);
        }

        return frame;
    }

    /// <summary>The brightest pixel's value minus the darkest's.</summary>
    private static float Contrast(GreyImage image)
    {
        float min = float.MaxValue, max = float.MinValue;
        for (var y = 0; y < image.Height; y++)
        {
            foreach (var v in image.Row(y))
            {
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
        }

        return max - min;
    }

    private static byte[] ToBytes(GreyImage image, float full)
    {
        var bytes = new byte[image.Width * image.Height];
        for (var y = 0; y < image.Height; y++)
        {
            var row = image.Row(y);
            for (var x = 0; x < row.Length; x++)
            {
                bytes[(y * image.Width) + x] = (byte)Math.Clamp(MathF.Round(row[x] * (255 / full)), 0, 255);
            }
        }

        return bytes;
    }

    private static MnistImageException NoInk(string name, ImageOptions options) => new(
        name,
        ImageProblem.NoInk,
        options.Invert == InvertMode.Auto
            ? "the image shows no digit: it is one flat colour, or its marks are too faint. Check the file, or write the digit darker."
            : $"the image shows no digit with -Invert {options.Invert}: it is one flat colour, or its marks are too faint. Check the file, or try -Invert Auto.");
}
