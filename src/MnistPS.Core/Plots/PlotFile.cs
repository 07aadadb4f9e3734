using ScottPlot;
using SkiaSharp;

namespace MnistPS.Plots;

/// <summary>The picture formats Export-MnistPlot writes, chosen by the file's extension.</summary>
public enum PlotFormat
{
    /// <summary>A PNG bitmap.</summary>
    Png,

    /// <summary>An SVG drawing.</summary>
    Svg,
}

/// <summary>Renders a chart (one plot or several side by side) to a PNG or SVG stream.</summary>
public static class PlotFile
{
    /// <summary>The smallest width or height, in pixels.</summary>
    public const int MinSize = 200;

    /// <summary>The largest width or height, in pixels.</summary>
    public const int MaxSize = 8000;

    /// <summary>The format of <paramref name="path"/> from its extension (.png or .svg).</summary>
    /// <exception cref="ArgumentException">Another extension.</exception>
    public static PlotFormat FormatOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Path.GetExtension(path).ToUpperInvariant() switch
        {
            ".PNG" => PlotFormat.Png,
            ".SVG" => PlotFormat.Svg,
            _ => throw new ArgumentException($"{path}: pictures are written as PNG or SVG, chosen by the extension; '{Path.GetExtension(path)}' is neither. Name the file *.png or *.svg."),
        };
    }

    /// <summary>Draws <paramref name="chart"/> at <paramref name="width"/> x <paramref name="height"/> pixels into <paramref name="output"/>.</summary>
    public static void Write(Multiplot chart, Stream output, PlotFormat format, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, MinSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(width, MaxSize);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, MinSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(height, MaxSize);
        PlotFonts.UseInScottPlot();
        var area = new PixelRect(0, width, height, 0);
        if (format == PlotFormat.Svg)
        {
            using var canvas = SKSvgCanvas.Create(new SKRect(0, 0, width, height), output);
            chart.Render(canvas, area);
            return;
        }

        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul))
            ?? throw new InvalidOperationException($"Cannot allocate a {width}x{height} picture.");
        chart.Render(surface.Canvas, area);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        data.SaveTo(output);
    }

    /// <summary>
    /// Each cell of a heatmap repeated factor x factor times. ScottPlot embeds a heatmap in SVG as a bitmap of one pixel
    /// per cell, which SVG viewers smooth when they scale it up; enlarged cells stay crisp but for a thin seam.
    /// </summary>
    internal static double[,] Enlarge(double[,] cells, int factor)
    {
        var result = new double[cells.GetLength(0) * factor, cells.GetLength(1) * factor];
        for (var r = 0; r < result.GetLength(0); r++)
        {
            for (var c = 0; c < result.GetLength(1); c++)
            {
                result[r, c] = cells[r / factor, c / factor];
            }
        }

        return result;
    }

    /// <summary>A chart of one plot, or of <paramref name="plots"/> side by side (left to right).</summary>
    internal static Multiplot SideBySide(params Plot[] plots)
    {
        PlotFonts.UseInScottPlot();
        var chart = new Multiplot(plots[0]);
        foreach (var plot in plots.Skip(1))
        {
            chart.AddPlot(plot);
        }

        chart.Layout = new ScottPlot.MultiplotLayouts.Columns();
        return chart;
    }
}
