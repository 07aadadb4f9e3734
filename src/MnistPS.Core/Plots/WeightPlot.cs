using ScottPlot;

namespace MnistPS.Plots;

/// <summary>A network's first-layer weights as pictures: one 28x28 tile per hidden unit, what each unit looks for.</summary>
public static class WeightPlot
{
    /// <summary>The most tiles drawn by default (wide layers show their first units).</summary>
    public const int DefaultUnits = 64;

    /// <summary>The most tiles drawn at all.</summary>
    public const int MaxUnits = 400;

    private const int Side = MnistSample.Rows;

    /// <summary>
    /// The first <paramref name="units"/> rows of W1, each as a 28x28 tile (pixel k of the tile is the weight from pixel
    /// k), in a grid, on a diverging colour map centred on zero (blue negative, white zero, red positive) with one
    /// symmetric range for all tiles (the 99.5th percentile of |w|), and a colour bar.
    /// </summary>
    public static Multiplot Draw(Network network, int units = DefaultUnits, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        return Draw(network.GetParameter("W1"), units, title);
    }

    /// <summary>The chart of a first-layer weight matrix (units x 784).</summary>
    internal static Multiplot Draw(float[,] weights, int units, string? title)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(units, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(units, MaxUnits);
        PlotFonts.UseInScottPlot();
        var shown = Math.Min(units, weights.GetLength(0));
        var columns = (int)Math.Ceiling(Math.Sqrt(shown));
        var rows = (shown + columns - 1) / columns;
        var (grid, range) = Tiles(weights, shown, columns, rows);

        var plot = new Plot();
        plot.Title(title ?? $"First-layer weights: {shown} of {weights.GetLength(0)} units (red +, blue -)");
        var heatmap = plot.Add.Heatmap(PlotFile.Enlarge(grid, 4));
        heatmap.Extent = new CoordinateRect(-0.5, grid.GetLength(1) - 0.5, -0.5, grid.GetLength(0) - 0.5);
        heatmap.Colormap = new ScottPlot.Colormaps.Balance();
        heatmap.ManualRange = new ScottPlot.Range(-range, range);
        heatmap.NaNCellColor = Colors.White;
        plot.Add.ColorBar(heatmap);
        plot.HideAxesAndGrid();
        plot.Axes.Title.IsVisible = true;
        plot.Axes.SquareUnits();
        return PlotFile.SideBySide(plot);
    }

    /// <summary>The tiles laid out in a grid with a one-cell gap (NaN), and the colour range.</summary>
    internal static (double[,] Grid, double Range) Tiles(float[,] weights, int shown, int columns, int rows)
    {
        const int cell = Side + 1;
        var grid = new double[(rows * cell) - 1, (columns * cell) - 1];
        for (var r = 0; r < grid.GetLength(0); r++)
        {
            for (var c = 0; c < grid.GetLength(1); c++)
            {
                grid[r, c] = double.NaN;
            }
        }

        var magnitudes = new float[shown * MnistSample.PixelCount];
        for (var unit = 0; unit < shown; unit++)
        {
            int top = (unit / columns) * cell, left = (unit % columns) * cell;
            for (var pixel = 0; pixel < MnistSample.PixelCount; pixel++)
            {
                var w = weights[unit, pixel];
                grid[top + (pixel / Side), left + (pixel % Side)] = w;
                magnitudes[(unit * MnistSample.PixelCount) + pixel] = Math.Abs(w);
            }
        }

        // The colour range is the 99.5th percentile of |w|, so that a few large weights do not wash the rest out to white
        // (those beyond it take the end colours).
        Array.Sort(magnitudes);
        var range = magnitudes[(int)(0.995 * (magnitudes.Length - 1))];
        return (grid, range == 0 ? 1 : range);
    }
}
